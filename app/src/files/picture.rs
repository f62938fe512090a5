//! JPEG and PNG scans decoded and written anew: only the pixels survive, so
//! whatever rode along (HTML appended after the image, EXIF with GPS
//! positions, comments, unknown chunks) is gone from what is stored.
//!
//! Decoding is bounded by [`image::Limits`]: the declared dimensions are
//! checked before any pixel memory is taken, so a PNG claiming to be
//! 100,000 × 100,000 costs nothing to refuse.

use super::{ScanKind, UploadProblem};
use image::{
    codecs::{
        jpeg::JpegEncoder,
        png::{CompressionType, FilterType, PngEncoder},
    },
    DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader,
};
use std::io::Cursor;

/// Longest side accepted: an A3 page at 1200 dpi is 14,000 pixels, at 600 dpi 7,000.
pub const MAX_SIDE: u32 = 12_000;

/// Most memory one decode may take (an A4 page at 600 dpi in colour is 100 MB).
pub const MAX_DECODE_BYTES: u64 = 384 * 1024 * 1024;

/// JPEG quality of what is stored: scans stay legible, size stays near the original's.
pub const JPEG_QUALITY: u8 = 90;

/// Decodes the image in `bytes` (a `kind` of JPEG or PNG) and encodes it
/// again in the same format; the new bytes are what is stored.
pub fn reencode(bytes: &[u8], kind: ScanKind) -> Result<Vec<u8>, UploadProblem> {
    let format = match kind {
        ScanKind::Jpeg => ImageFormat::Jpeg,
        ScanKind::Png => ImageFormat::Png,
        ScanKind::Pdf => return Err(UploadProblem::ImageUnreadable),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    // A phone's photo is stored sideways with a note to turn it; the note
    // goes with the metadata, so the pixels are turned now.
    let orientation = decoder.orientation().map_err(refusal)?;
    let mut picture = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    picture.apply_orientation(orientation);
    let mut out = Vec::with_capacity(bytes.len());
    let written = match kind {
        ScanKind::Jpeg => {
            // JPEG holds grey or colour without alpha; CMYK scans become RGB.
            let picture = match picture {
                DynamicImage::ImageLuma8(_) | DynamicImage::ImageRgb8(_) => picture,
                other => DynamicImage::ImageRgb8(other.to_rgb8()),
            };
            picture.write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))
        }
        _ => picture.write_with_encoder(PngEncoder::new_with_quality(
            &mut out,
            CompressionType::Default,
            FilterType::Adaptive,
        )),
    };
    written.map_err(refusal)?;
    Ok(out)
}

/// The applicant's problem for a decoding failure: too large, or unreadable.
fn refusal(error: ImageError) -> UploadProblem {
    match error {
        ImageError::Limits(_) => UploadProblem::ImageTooLarge { max_side: MAX_SIDE },
        _ => UploadProblem::ImageUnreadable,
    }
}
