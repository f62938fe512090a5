//! The investment pages: the channel (`/investment`), registering a project
//! (`/investment/register`), a project's public status and receipt
//! (`/investment/projects/{code}`), my projects (`/me/projects`) and the
//! statistics (`/investment/stats`).

use super::RawProject;
use crate::error::AppError;

/// A registration sent back refused: the problem, what was typed, and the
/// key to keep (a corrected resubmission is still one project).
#[derive(Debug, Clone)]
pub struct RegisterEcho {
    pub error: AppError,
    pub raw: RawProject,
    pub idempotency_key: Option<String>,
}
