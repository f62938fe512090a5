//! The service catalog (事项目录): departments with their units and posts,
//! and service items with everything a person needs before applying.

pub mod codes;
pub mod department;
pub mod find;
pub mod item;
mod navigator;
pub mod need;
mod page;
pub mod search;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
pub mod store;
pub mod vocab;

pub use navigator::{FindPage, NavigatorPage, SearchBox};
pub use page::ItemPage;

pub use codes::{CodeError, DeptCode, ServiceCode, TimeLimits, WorkingDays};
pub use department::{Department, Unit};
pub use item::{Bilingual, Fee, Material, ProcessStep, ServiceItem};

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An item as its page shows it: with its department's name.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemView {
    #[serde(flatten)]
    pub item: ServiceItem,
    pub department: Bilingual,
}

/// One service item by its code.
#[server(prefix = "/sfn", endpoint = "service_item")]
pub async fn get_service_item(code: String) -> Result<ItemView, AppError> {
    let code = ServiceCode::parse(&code).map_err(|_| AppError::InvalidServiceCode)?;
    let state = crate::state::AppState::from_context()?;
    let view = store::item(&state.pool, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    // A page view: what the hot services are computed from (a prefetch,
    // such as the service worker keeping hot pages for offline, is none).
    if !prefetched() {
        store::record_view(&state.pool, &code).await?;
    }
    Ok(view)
}

/// Whether the request being served is a prefetch (`Sec-Purpose` or
/// `Purpose: prefetch`), not a person reading the page.
#[cfg(feature = "ssr")]
fn prefetched() -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| {
        ["sec-purpose", "purpose"].into_iter().any(|name| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("prefetch"))
        })
    })
}

/// A region code given to a server function.
#[cfg(feature = "ssr")]
fn region_code(code: &str) -> Result<crate::regions::RegionCode, AppError> {
    crate::regions::RegionCode::parse(code).map_err(|_| AppError::InvalidRegionCode)
}

/// Items matching filters and words, one page at a time.
#[server(prefix = "/sfn", endpoint = "find_services")]
pub async fn find_services(params: find::FindParams) -> Result<find::FindResult, AppError> {
    let find = find::Find::parse(&params)?;
    let state = crate::state::AppState::from_context()?;
    store::find(&state.pool, &find).await
}

/// The departments serving a region, with their item counts.
#[server(prefix = "/sfn", endpoint = "departments")]
pub async fn list_departments(region: String) -> Result<Vec<find::DepartmentCount>, AppError> {
    let region = region_code(&region)?;
    let state = crate::state::AppState::from_context()?;
    store::departments(&state.pool, Some(region)).await
}

/// What the navigator shows for a region: its name, every way into the
/// catalog with counts, and its hot services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NavigatorData {
    pub region: Bilingual,
    pub facets: find::Facets,
    pub hot: Vec<find::ItemSummary>,
}

/// The navigator's data for a region.
#[server(prefix = "/sfn", endpoint = "navigator")]
pub async fn navigator(region: String) -> Result<NavigatorData, AppError> {
    let region = region_code(&region)?;
    let state = crate::state::AppState::from_context()?;
    let pool = &state.pool;
    // Kept in memory while the catalog is unchanged (store::navigator).
    store::navigator(pool, region, || async move {
        let named = crate::regions::store::get(pool, region)
            .await?
            .ok_or(AppError::UnknownRegion)?;
        Ok(NavigatorData {
            region: named.name,
            facets: store::facets(pool, Some(region)).await?,
            hot: store::hot(pool, Some(region), HOT_COUNT).await?,
        })
    })
    .await
}

/// How many hot services the navigator lists.
pub const HOT_COUNT: u32 = 8;
/// How many suggestions appear while typing.
pub const SUGGESTIONS: u32 = 6;

/// The departments of a result page's filter, with how many of the
/// services found each offers (the counts follow the words and filters).
#[server(prefix = "/sfn", endpoint = "find_departments")]
pub async fn find_departments(
    params: find::FindParams,
) -> Result<Vec<find::DepartmentCount>, AppError> {
    let find = find::Find::parse(&params)?;
    let state = crate::state::AppState::from_context()?;
    store::department_counts(&state.pool, &find).await
}

/// Bundles and services whose names match what is being typed.
#[server(prefix = "/sfn", endpoint = "suggest", input = leptos::server_fn::codec::GetUrl)]
pub async fn suggest_services(
    q: String,
    region: String,
) -> Result<Vec<find::Suggestion>, AppError> {
    let Some(q) = search::SearchText::parse(&q)
        .map_err(|_| AppError::InvalidParameter { name: "q".into() })?
    else {
        return Ok(Vec::new());
    };
    let region = region_code(&region)?;
    let state = crate::state::AppState::from_context()?;
    store::suggest(&state.pool, &q, Some(region), SUGGESTIONS).await
}
