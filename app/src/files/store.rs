//! All the SQL of uploaded scans: storing one for its owner (name, content,
//! structure, size and quota checked), reading one back for whoever may see
//! it (a staff read recorded in the owner's audit trail), and attaching
//! scans to a case.

use super::{objects::Objects, ScanKind};
use crate::error::AppError;
use bytes::Bytes;
use sqlx::PgPool;

/// A scan stored for its owner.
#[derive(Debug, Clone)]
pub struct StoredScan {
    pub id: i64,
    pub name: String,
    pub kind: ScanKind,
    pub bytes: i64,
}

/// Stores one uploaded scan for `owner` (checked by name, content, size,
/// quota, then by structure: see [`super::structure`]): the API's upload and
/// the forms' file inputs alike. What is stored (an image re-encoded) is
/// what its size and the quota count.
pub async fn save(
    pool: &PgPool,
    objects: &Objects,
    owner: i64,
    name: &str,
    bytes: Bytes,
) -> Result<StoredScan, AppError> {
    let limits = super::Limits::default();
    let name = super::clean_name(name).map_err(AppError::from)?;
    let used: i64 = sqlx::query_scalar(
        "select coalesce(sum(bytes), 0)::bigint from upload where owner_id = $1",
    )
    .bind(owner)
    .fetch_one(pool)
    .await?;
    let head = &bytes[..bytes.len().min(super::SNIFF_LEN)];
    let used = used.max(0) as u64;
    let kind = super::check(bytes.len() as u64, head, used, &limits).map_err(AppError::from)?;
    let bytes = super::structure::judge(kind, bytes).await?;
    if used.saturating_add(bytes.len() as u64) > limits.quota_bytes {
        return Err(super::UploadProblem::QuotaExceeded {
            quota_bytes: limits.quota_bytes,
            used_bytes: used,
        }
        .into());
    }
    let key = super::objects::new_key().map_err(AppError::internal)?;
    let len = bytes.len() as i64;
    objects.put(&key, bytes).await.map_err(AppError::internal)?;
    let id: i64 = sqlx::query_scalar(
        "insert into upload (owner_id, object_key, name, kind, bytes) values ($1, $2, $3, $4, $5) returning id",
    )
    .bind(owner)
    .bind(&key)
    .bind(&name)
    .bind(kind.code())
    .bind(len)
    .fetch_one(pool)
    .await?;
    Ok(StoredScan {
        id,
        name,
        kind,
        bytes: len,
    })
}

/// A scan read back: its name, its kind and its bytes.
#[derive(Debug, Clone)]
pub struct Scan {
    pub name: String,
    pub kind: ScanKind,
    pub bytes: Bytes,
}

/// The scan `id`, for its owner and for the staff the view `upload_reader`
/// names (a department handling a case it is attached to, the staff
/// handling a letter it came with); `NotFound` for anyone else. A read by anyone but
/// the owner is recorded in the owner's audit trail (their "who accessed my
/// data"), naming the file.
pub async fn open(
    pool: &PgPool,
    objects: &Objects,
    viewer: i64,
    id: i64,
) -> Result<Scan, AppError> {
    read(pool, objects, viewer, id, false).await
}

/// The scan `id` for `viewer`, whom the caller's own rule lets read it
/// (a microblog account's verifier reads its approval letter): read and
/// recorded as [`open`] does.
pub async fn open_granted(
    pool: &PgPool,
    objects: &Objects,
    viewer: i64,
    id: i64,
) -> Result<Scan, AppError> {
    read(pool, objects, viewer, id, true).await
}

async fn read(
    pool: &PgPool,
    objects: &Objects,
    viewer: i64,
    id: i64,
    granted: bool,
) -> Result<Scan, AppError> {
    let row: Option<(String, String, String, i64)> = sqlx::query_as(
        "select u.object_key, u.name, u.kind, u.owner_id from upload u
         where u.id = $1 and ($3 or u.owner_id = $2 or exists (
             select 1 from upload_reader r where r.upload_id = u.id and r.account_id = $2))",
    )
    .bind(id)
    .bind(viewer)
    .bind(granted)
    .fetch_optional(pool)
    .await?;
    let (key, name, kind, owner) = row.ok_or(AppError::NotFound)?;
    let bytes = objects.get(&key).await.map_err(AppError::internal)?;
    let kind = ScanKind::from_code(&kind)
        .ok_or_else(|| AppError::internal(format!("unknown upload kind {kind}")))?;
    if owner != viewer {
        let detail = format!("{}{name}", crate::accounts::audit::FILE_READ);
        crate::accounts::store::audit::record(
            pool,
            crate::accounts::audit::Event::personal_read(viewer, owner, &detail),
        )
        .await?;
    }
    Ok(Scan { name, kind, bytes })
}

/// Of the uploads `ids`, those that belong to `owner`, with their names.
pub async fn own(pool: &PgPool, owner: i64, ids: &[i64]) -> Result<Vec<(i64, String)>, AppError> {
    Ok(sqlx::query_as(
        "select id, name from upload where owner_id = $1 and id = any($2) order by id",
    )
    .bind(owner)
    .bind(ids)
    .fetch_all(pool)
    .await?)
}

/// Attaches the owner's `uploads` to a case as materials (once each);
/// uploads that are not the owner's are left out and logged.
pub async fn attach(
    pool: &PgPool,
    owner: i64,
    case_id: i64,
    uploads: &[i64],
) -> Result<(), AppError> {
    for upload in uploads {
        let attached = sqlx::query(
            "insert into case_material (case_id, upload_id, position, material)
             select $1, u.id, 1, u.name from upload u where u.id = $2 and u.owner_id = $3
             on conflict do nothing",
        )
        .bind(case_id)
        .bind(upload)
        .bind(owner)
        .execute(pool)
        .await?;
        if attached.rows_affected() == 0 {
            tracing::debug!(
                upload,
                "upload not the owner's (or attached already); ignored"
            );
        }
    }
    Ok(())
}

/// The files of case `case_id`, each labelled by the material it is the
/// scan of (none for a file sent without one, e.g. with a supplement), in
/// the order they came.
pub async fn case_files(
    pool: &PgPool,
    case_id: i64,
) -> Result<Vec<super::list::CaseFile>, AppError> {
    type Row = (i64, String, String, i64, Option<String>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "select u.id, u.name, u.kind, u.bytes, m.material_zh, m.material_en
         from case_material m join upload u on u.id = m.upload_id
         where m.case_id = $1 order by m.added_at, m.position, u.id",
    )
    .bind(case_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, kind, bytes, zh, en)| super::list::CaseFile {
            id,
            name,
            kind,
            bytes,
            material: zh.zip(en).map(|(zh, en)| crate::i18n::Bilingual { zh, en }),
        })
        .collect())
}
