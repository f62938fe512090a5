//! The service catalog (事项目录): departments with their units and posts,
//! and service items with everything a person needs before applying.

pub mod codes;
pub mod department;
pub mod item;
mod page;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod seed;
pub mod vocab;

pub use page::ItemPage;

pub use codes::{CodeError, DeptCode, ServiceCode, TimeLimits, WorkingDays};
pub use department::{Department, Unit};
pub use item::{Bilingual, Fee, Material, ProcessStep, ServiceItem};

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An item as its page shows it: with its department's name.
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
    queries::item(&state.pool, &code)
        .await?
        .ok_or(AppError::NotFound)
}
