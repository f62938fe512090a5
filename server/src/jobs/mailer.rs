//! E-mail from the outbox (`mail_outbox`) through SMTP (`BANSHI_SMTP_URL`,
//! plain SMTP to a relay; no TLS stack is built in). Rows are claimed with
//! `FOR UPDATE SKIP LOCKED` and a lease, so two servers never send one
//! message at once; a failure keeps the row, counts the attempt, records
//! the error and backs off (`super::backoff`): nothing is lost while the
//! mail server is down. The outbox's SQL is in [`super::store`].

use super::store;
use lettre::{
    message::{header::ContentType, Mailbox},
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use sqlx::PgPool;
use std::time::Duration;

/// How long a server holds outbox rows it is sending.
pub const MAIL_LEASE: Duration = Duration::from_secs(120);

/// Where to send mail: `smtp://host[:port]` (port 25 unless given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpUrl {
    pub host: String,
    pub port: u16,
}

impl SmtpUrl {
    /// Parses `smtp://host[:port][/]`. Credentials are refused: sent over
    /// plain SMTP they would travel in the clear (use a local relay).
    pub fn parse(text: &str) -> Result<SmtpUrl, String> {
        let rest = text
            .trim()
            .strip_prefix("smtp://")
            .ok_or_else(|| format!("{text:?} is not smtp://host[:port]"))?;
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.contains('@') {
            return Err("credentials are not supported over plain SMTP; use a local relay".into());
        }
        if rest.contains('/') || rest.contains('?') {
            return Err(format!("{text:?} is not smtp://host[:port]"));
        }
        let (host, port) = match rest.rsplit_once(':') {
            // An IPv6 literal ([::1]) without a port ends in ']'.
            Some((host, port)) if !port.ends_with(']') => (
                host,
                port.parse::<u16>()
                    .ok()
                    .filter(|p| *p > 0)
                    .ok_or_else(|| format!("{port:?} is not a port"))?,
            ),
            _ => (rest, 25),
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() {
            return Err(format!("{text:?} names no host"));
        }
        Ok(SmtpUrl {
            host: host.to_string(),
            port,
        })
    }
}

/// Parses a sender such as `Banshi <noreply@example.org>`.
pub fn parse_mailbox(text: &str) -> Result<Mailbox, String> {
    text.parse::<Mailbox>()
        .map_err(|e| format!("{text:?} is not an e-mail address: {e}"))
}

/// Sends messages through one SMTP server.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    pub fn new(url: &SmtpUrl, from: &str) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(url.host.as_str())
            .port(url.port)
            .timeout(Some(Duration::from_secs(15)))
            .build();
        Ok(Mailer {
            transport,
            from: parse_mailbox(from)?,
        })
    }

    async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), String> {
        let to = to
            .parse::<Mailbox>()
            .map_err(|e| format!("bad recipient: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_string())
            .map_err(|e| format!("cannot build the message: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// What one pass over the outbox did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Drained {
    pub sent: usize,
    pub failed: usize,
}

/// Sends up to `batch` due messages: each claimed (attempt counted), then
/// marked sent, or kept with its error until its next attempt.
pub async fn drain(pool: &PgPool, mailer: &Mailer, batch: i64) -> Result<Drained, sqlx::Error> {
    let mut done = Drained::default();
    for mail in store::claim_mail(pool, batch, MAIL_LEASE).await? {
        match mailer.send(&mail.to, &mail.subject, &mail.body).await {
            Ok(()) => {
                store::mail_sent(pool, mail.id).await?;
                done.sent += 1;
            }
            Err(e) => {
                tracing::warn!(outbox = mail.id, attempt = mail.attempts, error = %e, "sending mail failed; kept for retry");
                let retry_in = super::backoff(mail.attempts.max(0) as u32);
                store::mail_failed(pool, mail.id, &e, retry_in).await?;
                done.failed += 1;
            }
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls() {
        assert_eq!(
            SmtpUrl::parse("smtp://127.0.0.1:2525").unwrap(),
            SmtpUrl {
                host: "127.0.0.1".into(),
                port: 2525
            }
        );
        assert_eq!(SmtpUrl::parse("smtp://mail.example.org/").unwrap().port, 25);
        assert_eq!(SmtpUrl::parse("smtp://[::1]:587").unwrap().host, "::1");
        assert_eq!(SmtpUrl::parse("smtp://[::1]").unwrap().port, 25);
        for bad in [
            "mail.example.org",
            "smtps://mail.example.org",
            "smtp://",
            "smtp://user:pw@mail.example.org",
            "smtp://mail:0",
            "smtp://mail:99999",
            "smtp://mail/x",
        ] {
            assert!(SmtpUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn senders() {
        assert!(parse_mailbox("Banshi <noreply@example.org>").is_ok());
        assert!(parse_mailbox("noreply@example.org").is_ok());
        assert!(parse_mailbox("nobody").is_err());
    }
}
