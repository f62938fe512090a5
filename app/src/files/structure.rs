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

#[cfg(test)]
mod tests {
    use super::*;
    use image::ImageEncoder;
    use std::io::Write;
    use std::time::Instant;

    /// Bytes that do not compress: a scan's noise stands in for its content.
    fn noise(len: usize, mut seed: u64) -> Vec<u8> {
        (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed >> 24) as u8
            })
            .collect()
    }

    /// A `pages`-page PDF, each page's content a Flate stream of `per_page` noisy bytes.
    fn big_pdf(pages: usize, per_page: usize) -> Vec<u8> {
        let mut objects: Vec<Vec<u8>> = Vec::new();
        let kids: Vec<String> = (0..pages).map(|p| format!("{} 0 R", 3 + 2 * p)).collect();
        objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
        objects.push(
            format!(
                "<< /Type /Pages /Kids [{}] /Count {pages} >>",
                kids.join(" ")
            )
            .into_bytes(),
        );
        for p in 0..pages {
            objects.push(
                format!(
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {} 0 R >>",
                    4 + 2 * p
                )
                .into_bytes(),
            );
            let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            z.write_all(&noise(per_page, p as u64 + 1)).unwrap();
            let data = z.finish().unwrap();
            let mut s = format!(
                "<< /Filter /FlateDecode /Length {} >>\nstream\n",
                data.len()
            )
            .into_bytes();
            s.extend_from_slice(&data);
            s.extend_from_slice(b"\nendstream");
            objects.push(s);
        }
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (n, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", n + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
        );
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    /// What a ~5 MB JPEG and a ~10 MB PDF cost to judge; run by hand:
    /// `cargo test -p app --features ssr --lib measure -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn measure() {
        let (w, h) = (3000u32, 2200u32);
        let mut raw = noise((w * h * 3) as usize, 7);
        // Smooth most of it so the JPEG is photo-like rather than pure noise.
        for (i, b) in raw.iter_mut().enumerate() {
            if i % 64 != 0 {
                *b = (i / 3 % w as usize * 255 / w as usize) as u8;
            }
        }
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95)
            .encode(&raw, w, h, image::ExtendedColorType::Rgb8)
            .unwrap();
        let started = Instant::now();
        let decoded = image::load_from_memory(&jpeg).unwrap();
        println!("JPEG decode alone: {:?}", started.elapsed());
        drop(decoded);
        let started = Instant::now();
        let stored = judge_now(ScanKind::Jpeg, Bytes::from(jpeg.clone())).unwrap();
        println!(
            "JPEG {w}x{h}, {} bytes: judged and re-encoded ({} bytes) in {:?}",
            jpeg.len(),
            stored.len(),
            started.elapsed()
        );

        let pdf = big_pdf(10, 1024 * 1024 - 4096);
        let started = Instant::now();
        judge_now(ScanKind::Pdf, Bytes::from(pdf.clone())).unwrap();
        println!(
            "PDF of 10 pages, {} bytes: judged in {:?}",
            pdf.len(),
            started.elapsed()
        );
    }

    #[test]
    fn images_are_stored_re_encoded_and_pdfs_as_they_came() {
        let pdf = big_pdf(2, 1000);
        assert_eq!(
            judge_now(ScanKind::Pdf, Bytes::from(pdf.clone())).unwrap(),
            pdf
        );
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(&noise(3 * 8 * 8, 3), 8, 8, image::ExtendedColorType::Rgb8)
            .unwrap();
        let mut with_page = png.clone();
        with_page.extend_from_slice(b"<html><script>alert(1)</script>");
        let stored = judge_now(ScanKind::Png, Bytes::from(with_page)).unwrap();
        assert!(!stored.windows(7).any(|w| w == b"<script"));
        let back = image::load_from_memory(&stored).unwrap();
        let original = image::load_from_memory(&png).unwrap();
        assert_eq!(
            back.to_rgb8(),
            original.to_rgb8(),
            "the pixels are kept exactly"
        );
        assert_eq!(
            judge_now(ScanKind::Jpeg, Bytes::from(png)),
            Err(UploadProblem::ImageUnreadable)
        );
    }
}
