//! QR codes of this site's addresses, made on the server as inline SVG
//! (the browser never renders one: the WASM carries no QR encoder).

use crate::error::AppError;

/// The origin people reach this site at: the request's `Host`, over HTTPS
/// when the site is served so (secure cookies).
pub fn origin(secure: bool) -> String {
    let host = leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_string)
        })
        .unwrap_or_else(|| "localhost".into());
    let scheme = if secure { "https" } else { "http" };
    format!("{scheme}://{host}")
}

/// `text` as a QR code in an `<svg>` element (no XML prologue).
pub fn svg(text: &str) -> Result<String, AppError> {
    let svg = qrcode::QrCode::new(text.as_bytes())
        .map(|code| {
            code.render::<qrcode::render::svg::Color>()
                .min_dimensions(160, 160)
                .build()
        })
        .map_err(AppError::internal)?;
    Ok(svg
        .find("<svg")
        .map(|i| svg[i..].to_string())
        .unwrap_or_default())
}
