//! Scanned materials: what may be uploaded (PDF, JPEG, PNG, judged by
//! content, not by name), size limits and per-user quotas, and where the
//! bytes are kept (an object store).
//!
//! Everything in this file is pure and also runs in the browser, so a form
//! can refuse a wrong file before a single byte is sent; the server runs the
//! same [`check`] again on what actually arrived, then judges its structure
//! (`structure`, `pdf`, `picture`: server only, so `lopdf` and `image` stay
//! out of the WASM).

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Msg};

pub mod list;
#[cfg(feature = "ssr")]
pub mod objects;
#[cfg(feature = "ssr")]
pub mod pdf;
#[cfg(feature = "ssr")]
pub mod picture;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod structure;

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

/// Longest display name kept, in characters, so lists and headers stay sane.
pub const MAX_NAME_CHARS: usize = 120;

/// How many leading bytes [`sniff`] needs to recognise every accepted kind.
pub const SNIFF_LEN: usize = 8;

const PDF_MAGIC: &[u8] = b"%PDF-";
const JPEG_MAGIC: &[u8] = &[0xFF, 0xD8, 0xFF];
const PNG_MAGIC: &[u8] = &[0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n'];

/// A kind of scan the hall accepts, known from the file's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScanKind {
    /// A PDF document, usually several scanned pages.
    Pdf,
    /// A JPEG photo or scan.
    Jpeg,
    /// A PNG image.
    Png,
}

impl ScanKind {
    /// The media type to serve the bytes with, whatever the uploaded name said.
    pub fn mime(&self) -> &'static str {
        match self {
            ScanKind::Pdf => "application/pdf",
            ScanKind::Jpeg => "image/jpeg",
            ScanKind::Png => "image/png",
        }
    }

    /// The code stored in `upload.kind`.
    pub fn code(&self) -> &'static str {
        match self {
            ScanKind::Pdf => "pdf",
            ScanKind::Jpeg => "jpeg",
            ScanKind::Png => "png",
        }
    }

    /// The kind a stored code names.
    pub fn from_code(code: &str) -> Option<ScanKind> {
        [ScanKind::Pdf, ScanKind::Jpeg, ScanKind::Png]
            .into_iter()
            .find(|k| k.code() == code)
    }

    /// The usual file extension (without the dot), for names offered on download.
    pub fn extension(&self) -> &'static str {
        match self {
            ScanKind::Pdf => "pdf",
            ScanKind::Jpeg => "jpg",
            ScanKind::Png => "png",
        }
    }
}

/// Recognises a scan by its magic bytes alone, since names and browsers' types lie.
pub fn sniff(head: &[u8]) -> Option<ScanKind> {
    if head.starts_with(PDF_MAGIC) {
        Some(ScanKind::Pdf)
    } else if head.starts_with(JPEG_MAGIC) {
        Some(ScanKind::Jpeg)
    } else if head.starts_with(PNG_MAGIC) {
        Some(ScanKind::Png)
    } else {
        None
    }
}

/// Upload limits, kept apart from the rules so settings can change them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Largest single file accepted.
    pub max_file_bytes: u64,
    /// Total bytes one user may keep across all their materials.
    pub quota_bytes: u64,
}

impl Default for Limits {
    /// 10 MiB holds a multi-page 300 dpi scan; 200 MiB holds a busy applicant's materials.
    fn default() -> Self {
        Limits {
            max_file_bytes: 10 * MIB,
            quota_bytes: 200 * MIB,
        }
    }
}

/// Why an upload was refused; shown to the applicant, so every case is their own to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum UploadProblem {
    /// The file has no bytes at all.
    #[error("the file is empty")]
    Empty,
    /// The file is bigger than one upload may be.
    #[error("the file is larger than {limit_bytes} bytes")]
    TooLarge {
        /// The per-file limit that was exceeded.
        limit_bytes: u64,
    },
    /// The content is not a PDF, JPEG or PNG, whatever its name says.
    #[error("the content is not a PDF, JPEG or PNG")]
    NotAScan,
    /// The file would take the user past their storage quota.
    #[error("the file does not fit in the quota ({used_bytes} of {quota_bytes} bytes used)")]
    QuotaExceeded {
        /// The user's total allowance.
        quota_bytes: u64,
        /// What the user already keeps.
        used_bytes: u64,
    },
    /// Nothing usable is left of the file name once it is cleaned.
    #[error("the file name is empty once cleaned")]
    BadName,
    /// The file starts like a PDF but does not parse as one (e.g. a bare `%PDF-`).
    #[error("the PDF cannot be read")]
    PdfUnreadable,
    /// The PDF is encrypted or has more parts than the hall checks.
    #[error("the PDF is encrypted or too complex to check")]
    PdfUnsupported,
    /// The PDF carries JavaScript (`/JS`, `/JavaScript`), which runs when it is opened.
    #[error("the PDF contains JavaScript")]
    PdfJavascript,
    /// The PDF has a `/Launch` action, which starts another program.
    #[error("the PDF contains a launch action")]
    PdfLaunch,
    /// The PDF carries other files (`/EmbeddedFiles`, `/EF`, file attachment annotations).
    #[error("the PDF has embedded files")]
    PdfEmbeddedFile,
    /// The PDF carries multimedia (`/RichMedia`) or a dynamic XFA form.
    #[error("the PDF contains multimedia or an XFA form")]
    PdfActiveContent,
    /// Something follows the final `%%EOF` (e.g. an HTML page: a polyglot).
    #[error("content after the end of the PDF")]
    PdfAfterEnd,
    /// The PDF's streams decode to more than the hall will unpack (a bomb).
    #[error("the PDF expands beyond {limit_bytes} bytes")]
    PdfExpands {
        /// The bound that was passed.
        limit_bytes: u64,
    },
    /// The file starts like a JPEG or PNG but does not decode as one.
    #[error("the image cannot be read")]
    ImageUnreadable,
    /// The image's dimensions (or the memory to decode it) pass the limit.
    #[error("the image is larger than {max_side} pixels on a side")]
    ImageTooLarge {
        /// The longest side accepted, in pixels.
        max_side: u32,
    },
}

impl From<UploadProblem> for crate::error::AppError {
    fn from(problem: UploadProblem) -> Self {
        let status = match problem {
            UploadProblem::TooLarge { .. } | UploadProblem::QuotaExceeded { .. } => 413,
            UploadProblem::NotAScan => 415,
            _ => 422,
        };
        crate::error::AppError::Refused(crate::error::Refusal::new(
            "upload_refused",
            status,
            &problem,
            crate::i18n::Bilingual::each(|lang| problem.message(lang)),
        ))
    }
}

impl UploadProblem {
    /// A sentence the applicant can act on, in their language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (UploadProblem::Empty, Lang::Zh) => "文件是空的，请重新选择文件。".to_owned(),
            (UploadProblem::Empty, Lang::En) => {
                "The file is empty; please choose the file again.".to_owned()
            }
            (UploadProblem::TooLarge { limit_bytes }, Lang::Zh) => format!(
                "文件超过 {} 上限，请压缩或分成几个文件后再上传。",
                human_size(*limit_bytes)
            ),
            (UploadProblem::TooLarge { limit_bytes }, Lang::En) => format!(
                "The file is larger than the {} limit; please compress it or split it into several files.",
                human_size(*limit_bytes)
            ),
            (UploadProblem::NotAScan, Lang::Zh) => {
                "只能上传 PDF、JPEG 或 PNG 格式的扫描件，此文件的内容不是其中之一。".to_owned()
            }
            (UploadProblem::NotAScan, Lang::En) => {
                "Only PDF, JPEG or PNG scans can be uploaded, and this file's content is none of them."
                    .to_owned()
            }
            (
                UploadProblem::QuotaExceeded {
                    quota_bytes,
                    used_bytes,
                },
                Lang::Zh,
            ) => format!(
                "您的材料空间已用 {}（共 {}），放不下此文件，请先删除不再需要的材料。",
                human_size(*used_bytes),
                human_size(*quota_bytes)
            ),
            (
                UploadProblem::QuotaExceeded {
                    quota_bytes,
                    used_bytes,
                },
                Lang::En,
            ) => format!(
                "You have used {} of your {} storage, so this file does not fit; please delete materials you no longer need.",
                human_size(*used_bytes),
                human_size(*quota_bytes)
            ),
            (UploadProblem::BadName, Lang::Zh) => {
                "文件名无法使用，请给文件改个名字后再上传。".to_owned()
            }
            (UploadProblem::BadName, Lang::En) => {
                "The file name cannot be used; please rename the file and upload it again."
                    .to_owned()
            }
            (UploadProblem::PdfUnreadable, _) => lang.t(Msg::UploadPdfUnreadable).to_owned(),
            (UploadProblem::PdfUnsupported, _) => lang.t(Msg::UploadPdfUnsupported).to_owned(),
            (UploadProblem::PdfJavascript, _) => lang.t(Msg::UploadPdfJavascript).to_owned(),
            (UploadProblem::PdfLaunch, _) => lang.t(Msg::UploadPdfLaunch).to_owned(),
            (UploadProblem::PdfEmbeddedFile, _) => lang.t(Msg::UploadPdfEmbeddedFile).to_owned(),
            (UploadProblem::PdfActiveContent, _) => {
                lang.t(Msg::UploadPdfActiveContent).to_owned()
            }
            (UploadProblem::PdfAfterEnd, _) => lang.t(Msg::UploadPdfAfterEnd).to_owned(),
            (UploadProblem::PdfExpands { limit_bytes }, _) => lang.fill(
                Msg::UploadPdfExpands,
                &[("size", &human_size(*limit_bytes))],
            ),
            (UploadProblem::ImageUnreadable, _) => lang.t(Msg::UploadImageUnreadable).to_owned(),
            (UploadProblem::ImageTooLarge { max_side }, _) => {
                lang.fill(Msg::UploadImageTooLarge, &[("max", max_side)])
            }
        }
    }
}

/// Decides whether an upload of `len` bytes starting with `head` may be kept.
///
/// Cheap checks come first so an oversized file is refused before its content
/// matters; `head` needs only [`SNIFF_LEN`] bytes.
pub fn check(
    len: u64,
    head: &[u8],
    used_bytes: u64,
    limits: &Limits,
) -> Result<ScanKind, UploadProblem> {
    if len == 0 {
        return Err(UploadProblem::Empty);
    }
    if len > limits.max_file_bytes {
        return Err(UploadProblem::TooLarge {
            limit_bytes: limits.max_file_bytes,
        });
    }
    if used_bytes.saturating_add(len) > limits.quota_bytes {
        return Err(UploadProblem::QuotaExceeded {
            quota_bytes: limits.quota_bytes,
            used_bytes,
        });
    }
    sniff(head).ok_or(UploadProblem::NotAScan)
}

/// Characters that break headers or markup, or that Windows refuses in names.
fn is_unsafe_in_name(c: char) -> bool {
    matches!(c, '"' | '\'' | '`' | '<' | '>' | ':' | '|' | '?' | '*')
}

/// Invisible characters that can disguise a name (e.g. `证明\u{202E}fdp.exe`):
/// the shared text rule's hidden characters, and the zero-width joiners
/// too (a file name needs no emoji).
fn is_invisible_format(c: char) -> bool {
    crate::text::is_hidden(c) || matches!(c, '\u{200C}' | '\u{200D}')
}

/// Keeps a display name that is safe to show and to put in a `Content-Disposition` header.
///
/// The name is only ever shown: objects are stored under random keys, so the
/// directory part is dropped rather than trusted, and Chinese names survive.
pub fn clean_name(name: &str) -> Result<String, UploadProblem> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let kept: String = base
        .chars()
        .filter(|&c| !is_unsafe_in_name(c) && !is_invisible_format(c))
        .map(|c| if crate::text::is_control(c) { ' ' } else { c })
        .collect();
    let spaced = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = spaced.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if trimmed.is_empty() {
        return Err(UploadProblem::BadName);
    }
    Ok(shorten(trimmed))
}

/// Cuts a name to [`MAX_NAME_CHARS`], keeping a short extension so the file still opens.
fn shorten(name: &str) -> String {
    if name.chars().count() <= MAX_NAME_CHARS {
        return name.to_owned();
    }
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext)
        .filter(|ext| (1..=10).contains(&ext.chars().count()) && !ext.contains(' '));
    match extension {
        Some(ext) => {
            let stem_chars = MAX_NAME_CHARS - ext.chars().count() - 1;
            let stem: String = name.chars().take(stem_chars).collect();
            format!(
                "{}.{ext}",
                stem.trim_end_matches(|c: char| c == '.' || c.is_whitespace())
            )
        }
        None => name
            .chars()
            .take(MAX_NAME_CHARS)
            .collect::<String>()
            .trim_end()
            .to_owned(),
    }
}

/// The name a download is offered under: the display name's stem with the
/// extension of the kind the content was judged to be, never the uploader's
/// (`ct.svg` holding a PDF is offered as `ct.pdf`, `证明\u{202E}fdp.exe` as
/// `证明fdp.pdf`).
pub fn download_name(display: &str, kind: ScanKind) -> String {
    let cleaned = clean_name(display).unwrap_or_default();
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty()
                && (1..=10).contains(&ext.chars().count())
                && ext.chars().all(|c| c.is_alphanumeric()) =>
        {
            stem
        }
        _ => cleaned.as_str(),
    };
    let stem = stem.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let stem = if stem.is_empty() { "scan" } else { stem };
    format!("{stem}.{}", kind.extension())
}

/// An ASCII stand-in for `name`, for clients that ignore `filename*`: each
/// other character becomes `_`, so the header needs no quoting rules.
pub fn ascii_fallback(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ' | '(' | ')') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

pub use crate::i18n::human_size;

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] =
        b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n";
    const PDF_OLD: &[u8] = b"%PDF-1.4\n";
    const PNG: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, b'I', b'H', b'D',
        b'R',
    ];
    const JPEG_JFIF: &[u8] = &[
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00,
    ];
    const JPEG_EXIF: &[u8] = &[
        0xFF, 0xD8, 0xFF, 0xE1, 0x2F, 0xFE, b'E', b'x', b'i', b'f', 0x00, 0x00,
    ];
    const EXE: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xFF\xFF";
    const HTML: &[u8] = b"<!DOCTYPE html><html><body><script>alert(1)</script>";
    const ZIP: &[u8] = b"PK\x03\x04\x14\x00\x06\x00";
    const GIF: &[u8] = b"GIF89a\x01\x00\x01\x00";

    fn limits() -> Limits {
        Limits::default()
    }

    #[test]
    fn sniffs_real_headers() {
        assert_eq!(sniff(PDF), Some(ScanKind::Pdf));
        assert_eq!(sniff(PDF_OLD), Some(ScanKind::Pdf));
        assert_eq!(sniff(PNG), Some(ScanKind::Png));
        assert_eq!(sniff(JPEG_JFIF), Some(ScanKind::Jpeg));
        assert_eq!(sniff(JPEG_EXIF), Some(ScanKind::Jpeg));
    }

    #[test]
    fn refuses_what_is_not_a_scan() {
        for head in [
            EXE,
            HTML,
            ZIP,
            GIF,
            b"hello, world".as_slice(),
            b"".as_slice(),
        ] {
            assert_eq!(sniff(head), None, "{head:?}");
        }
    }

    #[test]
    fn refuses_truncated_or_near_miss_signatures() {
        assert_eq!(sniff(b"%PDF"), None);
        assert_eq!(sniff(b"%pdf-1.7"), None);
        assert_eq!(sniff(b" %PDF-1.7"), None);
        assert_eq!(sniff(&[0xFF, 0xD8]), None);
        assert_eq!(sniff(&PNG[..7]), None);
        assert_eq!(sniff(b"\x89PNG\n\r\x1A\n"), None);
    }

    #[test]
    fn sniff_len_covers_every_signature() {
        for magic in [PDF_MAGIC, JPEG_MAGIC, PNG_MAGIC] {
            assert!(magic.len() <= SNIFF_LEN);
        }
    }

    #[test]
    fn kinds_have_mime_and_extension() {
        assert_eq!(ScanKind::Pdf.mime(), "application/pdf");
        assert_eq!(ScanKind::Jpeg.mime(), "image/jpeg");
        assert_eq!(ScanKind::Png.mime(), "image/png");
        assert_eq!(ScanKind::Pdf.extension(), "pdf");
        assert_eq!(ScanKind::Jpeg.extension(), "jpg");
        assert_eq!(ScanKind::Png.extension(), "png");
    }

    #[test]
    fn kinds_serialise_snake_case() {
        assert_eq!(serde_json::to_string(&ScanKind::Jpeg).unwrap(), r#""jpeg""#);
        assert_eq!(
            serde_json::from_str::<ScanKind>(r#""pdf""#).unwrap(),
            ScanKind::Pdf
        );
    }

    #[test]
    fn default_limits() {
        assert_eq!(limits().max_file_bytes, 10 * 1024 * 1024);
        assert_eq!(limits().quota_bytes, 200 * 1024 * 1024);
    }

    #[test]
    fn accepts_real_scans() {
        assert_eq!(
            check(PDF.len() as u64, PDF, 0, &limits()),
            Ok(ScanKind::Pdf)
        );
        assert_eq!(check(180_000, JPEG_EXIF, 0, &limits()), Ok(ScanKind::Jpeg));
        assert_eq!(check(2_400_000, PNG, 5 * MIB, &limits()), Ok(ScanKind::Png));
    }

    #[test]
    fn content_decides_not_the_name() {
        // A PNG saved as "出生医学证明.pdf" is still a PNG: accepted as one.
        let name = clean_name("出生医学证明.pdf").unwrap();
        assert_eq!(name, "出生医学证明.pdf");
        assert_eq!(check(4096, PNG, 0, &limits()), Ok(ScanKind::Png));
        // A page saved from a browser as "身份证.jpg" is still HTML: refused.
        assert_eq!(
            check(4096, HTML, 0, &limits()),
            Err(UploadProblem::NotAScan)
        );
    }

    #[test]
    fn refuses_executables_archives_and_pages() {
        for head in [EXE, HTML, ZIP, GIF] {
            assert_eq!(
                check(1000, head, 0, &limits()),
                Err(UploadProblem::NotAScan)
            );
        }
    }

    #[test]
    fn refuses_empty_before_anything_else() {
        assert_eq!(check(0, b"", 0, &limits()), Err(UploadProblem::Empty));
        assert_eq!(
            check(0, b"", 500 * MIB, &limits()),
            Err(UploadProblem::Empty)
        );
    }

    #[test]
    fn size_limit_is_inclusive() {
        let max = limits().max_file_bytes;
        assert_eq!(check(max, PDF, 0, &limits()), Ok(ScanKind::Pdf));
        assert_eq!(
            check(max + 1, PDF, 0, &limits()),
            Err(UploadProblem::TooLarge { limit_bytes: max })
        );
        assert_eq!(
            check(u64::MAX, PDF, 0, &limits()),
            Err(UploadProblem::TooLarge { limit_bytes: max })
        );
    }

    #[test]
    fn too_large_wins_over_quota_and_content() {
        let max = limits().max_file_bytes;
        assert_eq!(
            check(max + 1, EXE, limits().quota_bytes, &limits()),
            Err(UploadProblem::TooLarge { limit_bytes: max })
        );
    }

    #[test]
    fn quota_may_be_filled_exactly() {
        let quota = limits().quota_bytes;
        let len = 3 * MIB;
        assert_eq!(check(len, PNG, quota - len, &limits()), Ok(ScanKind::Png));
        assert_eq!(
            check(len + 1, PNG, quota - len, &limits()),
            Err(UploadProblem::QuotaExceeded {
                quota_bytes: quota,
                used_bytes: quota - len
            })
        );
    }

    #[test]
    fn full_quota_refuses_even_one_byte() {
        let quota = limits().quota_bytes;
        assert_eq!(
            check(1, PDF, quota, &limits()),
            Err(UploadProblem::QuotaExceeded {
                quota_bytes: quota,
                used_bytes: quota
            })
        );
    }

    #[test]
    fn quota_is_checked_before_content() {
        let quota = limits().quota_bytes;
        assert!(matches!(
            check(10, EXE, quota, &limits()),
            Err(UploadProblem::QuotaExceeded { .. })
        ));
    }

    #[test]
    fn quota_arithmetic_does_not_overflow() {
        assert!(matches!(
            check(1, PDF, u64::MAX, &limits()),
            Err(UploadProblem::QuotaExceeded { .. })
        ));
    }

    #[test]
    fn custom_limits_apply() {
        let tight = Limits {
            max_file_bytes: 100,
            quota_bytes: 150,
        };
        assert_eq!(check(100, PDF, 50, &tight), Ok(ScanKind::Pdf));
        assert_eq!(
            check(101, PDF, 0, &tight),
            Err(UploadProblem::TooLarge { limit_bytes: 100 })
        );
        assert_eq!(
            check(100, PDF, 51, &tight),
            Err(UploadProblem::QuotaExceeded {
                quota_bytes: 150,
                used_bytes: 51
            })
        );
    }

    #[test]
    fn problems_serialise_with_a_stable_tag() {
        let json = serde_json::to_value(UploadProblem::TooLarge {
            limit_bytes: 10 * MIB,
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "problem": "too_large", "limit_bytes": 10_485_760 })
        );
        assert_eq!(
            serde_json::to_value(UploadProblem::NotAScan).unwrap(),
            serde_json::json!({ "problem": "not_a_scan" })
        );
        assert_eq!(
            serde_json::to_value(UploadProblem::QuotaExceeded {
                quota_bytes: 1,
                used_bytes: 2
            })
            .unwrap(),
            serde_json::json!({ "problem": "quota_exceeded", "quota_bytes": 1, "used_bytes": 2 })
        );
        let back: UploadProblem = serde_json::from_str(r#"{"problem":"bad_name"}"#).unwrap();
        assert_eq!(back, UploadProblem::BadName);
        let back: UploadProblem = serde_json::from_str(r#"{"problem":"empty"}"#).unwrap();
        assert_eq!(back, UploadProblem::Empty);
    }

    #[test]
    fn messages_name_the_limit_in_mb() {
        let problem = UploadProblem::TooLarge {
            limit_bytes: 10 * MIB,
        };
        assert!(problem.message(Lang::Zh).contains("文件超过 10 MB 上限"));
        assert!(problem
            .message(Lang::En)
            .contains("The file is larger than the 10 MB limit"));
    }

    #[test]
    fn quota_message_shows_used_and_total() {
        let problem = UploadProblem::QuotaExceeded {
            quota_bytes: 200 * MIB,
            used_bytes: 199 * MIB + MIB / 2,
        };
        let zh = problem.message(Lang::Zh);
        assert!(zh.contains("199.5 MB") && zh.contains("200 MB"), "{zh}");
        let en = problem.message(Lang::En);
        assert!(en.contains("199.5 MB of your 200 MB"), "{en}");
    }

    #[test]
    fn every_problem_has_both_languages() {
        let all = [
            UploadProblem::Empty,
            UploadProblem::TooLarge { limit_bytes: MIB },
            UploadProblem::NotAScan,
            UploadProblem::QuotaExceeded {
                quota_bytes: MIB,
                used_bytes: MIB,
            },
            UploadProblem::BadName,
            UploadProblem::PdfUnreadable,
            UploadProblem::PdfUnsupported,
            UploadProblem::PdfJavascript,
            UploadProblem::PdfLaunch,
            UploadProblem::PdfEmbeddedFile,
            UploadProblem::PdfActiveContent,
            UploadProblem::PdfAfterEnd,
            UploadProblem::PdfExpands {
                limit_bytes: 64 * MIB,
            },
            UploadProblem::ImageUnreadable,
            UploadProblem::ImageTooLarge { max_side: 12_000 },
        ];
        for problem in all {
            let zh = problem.message(Lang::Zh);
            let en = problem.message(Lang::En);
            assert!(
                zh.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
                "{zh}"
            );
            assert!(en.is_ascii() && en.ends_with('.'), "{en}");
            assert!(zh.ends_with('。'), "{zh}");
        }
    }

    #[test]
    fn not_a_scan_message_lists_the_kinds() {
        let en = UploadProblem::NotAScan.message(Lang::En);
        assert!(en.contains("PDF") && en.contains("JPEG") && en.contains("PNG"));
        let zh = UploadProblem::NotAScan.message(Lang::Zh);
        assert!(zh.contains("PDF、JPEG 或 PNG"));
    }

    #[test]
    fn clean_name_keeps_ordinary_names() {
        assert_eq!(clean_name("身份证正面.jpg").unwrap(), "身份证正面.jpg");
        assert_eq!(
            clean_name("营业执照 副本 2024.pdf").unwrap(),
            "营业执照 副本 2024.pdf"
        );
        assert_eq!(clean_name("scan_001.PNG").unwrap(), "scan_001.PNG");
        assert_eq!(clean_name("户口本(首页).pdf").unwrap(), "户口本(首页).pdf");
    }

    #[test]
    fn clean_name_drops_unix_directories() {
        assert_eq!(clean_name("../../etc/passwd").unwrap(), "passwd");
        assert_eq!(clean_name("/home/li/扫描件.pdf").unwrap(), "扫描件.pdf");
    }

    #[test]
    fn clean_name_drops_windows_directories() {
        assert_eq!(
            clean_name("C:\\Users\\a\\出生医学证明.pdf").unwrap(),
            "出生医学证明.pdf"
        );
        assert_eq!(clean_name("..\\..\\windows\\win.ini").unwrap(), "win.ini");
    }

    #[test]
    fn clean_name_defuses_markup_and_quotes() {
        let cleaned = clean_name("\"><script>.pdf").unwrap();
        assert_eq!(cleaned, "script.pdf");
        assert_eq!(clean_name("a\"b'c`.pdf").unwrap(), "abc.pdf");
    }

    #[test]
    fn clean_name_removes_control_characters() {
        assert_eq!(
            clean_name("scan\r\nContent-Type: image/png.pdf").unwrap(),
            "png.pdf"
        );
        assert_eq!(
            clean_name("scan\r\nX-Injected: yes.pdf").unwrap(),
            "scan X-Injected yes.pdf"
        );
        assert_eq!(clean_name("证明\t材料\0.pdf").unwrap(), "证明 材料 .pdf");
        assert_eq!(clean_name("\u{7F}a\u{85}.png").unwrap(), "a .png");
    }

    #[test]
    fn clean_name_removes_direction_overrides() {
        // Shows as "invoicexe.pdf" in a right-to-left trick; the override must go.
        assert_eq!(
            clean_name("invoice\u{202E}fdp.exe").unwrap(),
            "invoicefdp.exe"
        );
        assert_eq!(clean_name("\u{FEFF}证明.pdf").unwrap(), "证明.pdf");
        assert_eq!(clean_name("a\u{200B}b.pdf").unwrap(), "ab.pdf");
    }

    #[test]
    fn clean_name_trims_spaces_and_dots() {
        assert_eq!(clean_name("   护照.jpg   ").unwrap(), "护照.jpg");
        assert_eq!(clean_name("护照.jpg.").unwrap(), "护照.jpg");
        assert_eq!(clean_name(".hidden.pdf").unwrap(), "hidden.pdf");
        assert_eq!(clean_name("a    b.pdf").unwrap(), "a b.pdf");
        assert_eq!(clean_name("全角\u{3000}空格.pdf").unwrap(), "全角 空格.pdf");
    }

    #[test]
    fn clean_name_refuses_what_leaves_nothing() {
        for name in [
            "",
            "   ",
            "/",
            "dir/",
            "C:\\dir\\",
            "..",
            ".",
            "\"\"",
            "\u{202E}",
            "\n\t",
        ] {
            assert_eq!(clean_name(name), Err(UploadProblem::BadName), "{name:?}");
        }
    }

    #[test]
    fn clean_name_shortens_long_names_keeping_the_extension() {
        let long = format!("{}.pdf", "a".repeat(300));
        let cleaned = clean_name(&long).unwrap();
        assert_eq!(cleaned.chars().count(), MAX_NAME_CHARS);
        assert!(cleaned.ends_with("a.pdf"));
    }

    #[test]
    fn clean_name_counts_characters_not_bytes() {
        let exactly = format!("{}.pdf", "证".repeat(MAX_NAME_CHARS - 4));
        assert_eq!(clean_name(&exactly).unwrap(), exactly);

        let long = format!("{}.jpeg", "证明材料".repeat(75));
        let cleaned = clean_name(&long).unwrap();
        assert_eq!(cleaned.chars().count(), MAX_NAME_CHARS);
        assert!(cleaned.starts_with("证明材料"));
        assert!(cleaned.ends_with(".jpeg"));
    }

    #[test]
    fn clean_name_shortens_names_without_a_usable_extension() {
        let long = "x".repeat(300);
        assert_eq!(clean_name(&long).unwrap(), "x".repeat(MAX_NAME_CHARS));

        let odd = format!("a.{}", "b".repeat(300));
        assert_eq!(clean_name(&odd).unwrap().chars().count(), MAX_NAME_CHARS);
    }

    #[test]
    fn clean_name_output_is_header_safe() {
        let nasty = "..\\x/\"\r\n\u{202E}<>:|?*'`\u{0}名.pdf";
        let cleaned = clean_name(nasty).unwrap();
        assert_eq!(cleaned, "名.pdf");
        for name in ["a\"b.pdf", "a\r\nb.pdf", "a/b\\c.pdf", "\u{1}\u{1F}x.png"] {
            let cleaned = clean_name(name).unwrap();
            assert!(
                !cleaned
                    .chars()
                    .any(|c| c.is_control() || is_unsafe_in_name(c) || matches!(c, '/' | '\\')),
                "{cleaned:?}"
            );
        }
    }

    #[test]
    fn human_sizes() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1024), "1 KB");
        assert_eq!(human_size(820 * 1024), "820 KB");
        assert_eq!(human_size(839_680 + 300), "820 KB");
        assert_eq!(human_size(1024 * 1024 - 1), "1 MB");
        assert_eq!(human_size(MIB), "1 MB");
        assert_eq!(human_size(MIB + MIB / 2), "1.5 MB");
        assert_eq!(human_size(10 * MIB), "10 MB");
        assert_eq!(human_size(199 * MIB + MIB / 2), "199.5 MB");
        assert_eq!(human_size(200 * MIB), "200 MB");
        assert_eq!(human_size(1024 * MIB - 1), "1 GB");
        assert_eq!(human_size(1024 * MIB + 256 * MIB), "1.3 GB");
        assert!(human_size(u64::MAX).ends_with(" GB"));
    }

    #[test]
    fn structure_problems_are_specific_and_422() {
        let en = |p: UploadProblem| p.message(Lang::En);
        assert!(en(UploadProblem::PdfJavascript).contains("contains JavaScript"));
        assert!(en(UploadProblem::PdfAfterEnd).contains("content after the end of the PDF"));
        assert!(en(UploadProblem::ImageUnreadable).contains("image could not be read"));
        let expands = UploadProblem::PdfExpands {
            limit_bytes: 64 * MIB,
        };
        assert!(
            en(expands.clone()).contains("expands beyond 64 MB"),
            "{}",
            en(expands.clone())
        );
        assert!(expands.message(Lang::Zh).contains("64 MB"));
        let large = UploadProblem::ImageTooLarge { max_side: 12_000 };
        assert!(large.message(Lang::Zh).contains("12000"));
        for problem in [UploadProblem::PdfJavascript, large, expands] {
            let err = crate::error::AppError::from(problem.clone());
            assert_eq!(err.status(), 422, "{problem:?}");
        }
        assert_eq!(
            serde_json::to_value(UploadProblem::PdfExpands { limit_bytes: 1 }).unwrap(),
            serde_json::json!({ "problem": "pdf_expands", "limit_bytes": 1 })
        );
        assert_eq!(
            serde_json::to_value(UploadProblem::PdfJavascript).unwrap(),
            serde_json::json!({ "problem": "pdf_javascript" })
        );
    }

    #[test]
    fn downloads_take_the_judged_kinds_extension() {
        assert_eq!(download_name("ct.svg", ScanKind::Pdf), "ct.pdf");
        assert_eq!(
            download_name("证明\u{202E}fdp.exe", ScanKind::Pdf),
            "证明fdp.pdf"
        );
        assert_eq!(download_name("户口簿.png", ScanKind::Png), "户口簿.png");
        assert_eq!(download_name("photo.JPEG", ScanKind::Jpeg), "photo.jpg");
        assert_eq!(
            download_name("营业执照 副本", ScanKind::Pdf),
            "营业执照 副本.pdf"
        );
        assert_eq!(download_name("a.b.html", ScanKind::Png), "a.b.png");
        assert_eq!(
            download_name("v1.2 final.pdf", ScanKind::Pdf),
            "v1.2 final.pdf"
        );
        assert_eq!(download_name(".svg", ScanKind::Png), "svg.png");
        assert_eq!(download_name("\u{202E}", ScanKind::Jpeg), "scan.jpg");
        assert_eq!(download_name("x\r\n.pdf", ScanKind::Pdf), "x.pdf");
    }

    #[test]
    fn the_ascii_fallback_needs_no_quoting() {
        assert_eq!(ascii_fallback("证明fdp.pdf"), "__fdp.pdf");
        assert_eq!(ascii_fallback("scan (1).jpg"), "scan (1).jpg");
        for name in ["a\"b.pdf", "a\\b;c=d.pdf", "\u{202E}x.pdf"] {
            let fallback = ascii_fallback(name);
            assert!(
                fallback
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-_ ()".contains(c)),
                "{fallback}"
            );
        }
    }
}
