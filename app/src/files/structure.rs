//! Uploads judged by their structure, on the server only (the browser keeps
//! its cheap look at the first bytes): a PDF must parse and carry nothing
//! active ([`pdf`]), a JPEG or PNG must decode and is stored re-encoded
//! ([`picture`]). `lopdf` and `image` stay out of the WASM this way.

use super::{pdf, picture, ScanKind, UploadProblem};
use bytes::Bytes;
use tokio::sync::Semaphore;

/// Files judged at once: parsing is CPU and memory work, so a burst of
/// uploads waits here rather than taking every core and gigabytes at once.
static JUDGING: Semaphore = Semaphore::const_new(2);

/// Judges `bytes` (already known by its first bytes to be a `kind`) and
/// answers the bytes to store: the PDF as it came, an image re-encoded.
///
/// The work runs on a blocking thread so a large file does not stall the
/// server's other requests.
pub async fn judge(kind: ScanKind, bytes: Bytes) -> Result<Bytes, crate::error::AppError> {
    let _turn = JUDGING
        .acquire()
        .await
        .map_err(crate::error::AppError::internal)?;
    let judged = tokio::task::spawn_blocking(move || judge_now(kind, bytes))
        .await
        .map_err(crate::error::AppError::internal)?;
    judged.map_err(crate::error::AppError::from)
}

/// [`judge`] on the calling thread: pure, for tests and measurements.
pub fn judge_now(kind: ScanKind, bytes: Bytes) -> Result<Bytes, UploadProblem> {
    match kind {
        ScanKind::Pdf => pdf::check(&bytes).map(|()| bytes),
        ScanKind::Jpeg | ScanKind::Png => picture::reencode(&bytes, kind).map(Bytes::from),
    }
}
