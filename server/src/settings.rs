//! Typed settings, read once at start from environment variables.

use std::{fmt, net::SocketAddr, path::PathBuf};

/// A secret that never shows in logs or debug output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    /// The secret itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Everything the server can be told.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `DATABASE_URL`: an external PostgreSQL; unset means the embedded one.
    pub database_url: Option<Secret>,
    /// `BANSHI_DATA_DIR`: where the embedded cluster and other data live.
    pub data_dir: PathBuf,
    /// `BANSHI_PG_BIN`: directory of `initdb`/`pg_ctl`; found automatically when unset.
    pub pg_bin_dir: Option<PathBuf>,
    /// `LEPTOS_SITE_ADDR`: where to listen.
    pub site_addr: SocketAddr,
    /// `LEPTOS_SITE_ROOT`: the built site (`/pkg`, public assets).
    pub site_root: PathBuf,
    /// `BANSHI_PUBLIC_ORIGIN`: the site's public origin (e.g. `https://banshi.example.gov.cn`,
    /// scheme, host and port only) when it runs behind a proxy. When set, it is the one origin
    /// the cross-site check accepts (scheme included); unset, the server serves plain HTTP
    /// itself and accepts `http://` + the `Host` header. A TLS-terminating proxy therefore
    /// needs it. An `https` origin makes cookies `Secure`.
    pub public_origin: Option<String>,
    /// `BANSHI_DATA_KEY`: the 32-byte key sealing personal data (64 hex digits
    /// or base64). Required with `DATABASE_URL`; the embedded default keeps a
    /// generated one in `data.key` in its data directory.
    pub data_key: Option<Secret>,
    /// `BANSHI_FORWARDED_FOR=1`: behind a reverse proxy, the client's address
    /// (for throttling and the audit trail) is the last `X-Forwarded-For` entry.
    pub forwarded_for: bool,
    /// `BANSHI_DB_MAX_CONNECTIONS`: pool size.
    pub db_max_connections: u32,
    /// `BANSHI_FAKE_NOW` (RFC 3339, e.g. `2026-09-30T20:00:00+08:00`): test
    /// mode — the hall's clock stands at this time and may be moved through
    /// `PUT /api/v1/test/now`. Never set it in production.
    pub fake_now: Option<time::OffsetDateTime>,
    /// `BANSHI_S3_BUCKET` (with `BANSHI_S3_REGION`, `BANSHI_S3_ENDPOINT`,
    /// `BANSHI_S3_ACCESS_KEY_ID`, `BANSHI_S3_SECRET_ACCESS_KEY`,
    /// `BANSHI_S3_ALLOW_HTTP`): keep uploaded scans in an S3-compatible store
    /// instead of `objects/` under the data directory.
    pub s3: Option<app::files::objects::S3Config>,
    /// Load the demo catalog on first start: always for the embedded default,
    /// for an external database only when `BANSHI_DEMO_DATA=1`.
    pub demo_data: bool,
    /// `BANSHI_WARN_DAYS`: working days before a deadline that raise a
    /// yellow alert (default `app::supervision::DEFAULT_WARN_DAYS`).
    pub warn_days: u32,
    /// `BANSHI_SMTP_URL` (`smtp://host[:port]`, plain SMTP to a relay):
    /// send notifications by e-mail too; unset: the inbox only.
    pub smtp_url: Option<crate::jobs::mailer::SmtpUrl>,
    /// `BANSHI_MAIL_FROM`: the sender of those e-mails.
    pub mail_from: String,
    /// `BANSHI_JOB_INTERVAL` (seconds, default 300): how often the deadline
    /// monitor scans (one scan per interval, however many servers run).
    pub job_interval: std::time::Duration,
    /// `BANSHI_JOB_POLL` (seconds, default 5): how often each server's
    /// worker looks for due jobs and pending e-mail.
    pub job_poll: std::time::Duration,
    /// `BANSHI_METRICS_ADDR` (e.g. `127.0.0.1:9464`): serve `GET /metrics`
    /// for operators on this address; unset: no metrics. Never the site's
    /// own address: the public site has no `/metrics`.
    pub metrics_addr: Option<SocketAddr>,
    /// Self-service terminals (自助终端): `BANSHI_KIOSK=1` makes every
    /// visitor's browser a terminal; `BANSHI_KIOSK_IDLE_SECONDS` (default 90)
    /// and `BANSHI_KIOSK_COUNTDOWN_SECONDS` (default 30) time the idle reset.
    pub kiosk: app::prefs::kiosk::Terminal,
    /// The government footer (`BANSHI_SITE_*`): sponsor, operator,
    /// contact, identification code and filing numbers, each shown only
    /// when set; with the demo data, the demo's own (said to be a demo).
    pub site_footer: app::hall::footer::SiteFooter,
}

/// `http(s)://host[:port]` and nothing more (no path, query or user).
fn is_bare_origin(o: &str) -> bool {
    o.strip_prefix("https://")
        .or_else(|| o.strip_prefix("http://"))
        .is_some_and(|rest| !rest.is_empty() && !rest.contains(['/', '?', '#', '@']))
}

fn bad(name: &'static str, reason: String) -> SettingsError {
    SettingsError { name, reason }
}

/// A setting with a value that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("setting {name}: {reason}")]
pub struct SettingsError {
    pub name: &'static str,
    pub reason: String,
}

impl Settings {
    /// Reads the settings from the process environment.
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Reads the settings through `get`, which returns a variable's value.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let site_addr = get("LEPTOS_SITE_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .map_err(|e| bad("LEPTOS_SITE_ADDR", format!("{e}")))?;
        let public_origin = match get("BANSHI_PUBLIC_ORIGIN") {
            Some(o) if is_bare_origin(o.trim_end_matches('/')) => {
                Some(o.trim_end_matches('/').to_string())
            }
            Some(o) => {
                return Err(bad(
                    "BANSHI_PUBLIC_ORIGIN",
                    format!(
                        "{o:?} is not an origin like https://hall.example (scheme, host, port)"
                    ),
                ))
            }
            None => None,
        };
        let db_max_connections = match get("BANSHI_DB_MAX_CONNECTIONS") {
            Some(n) => n.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                bad(
                    "BANSHI_DB_MAX_CONNECTIONS",
                    format!("{n:?} is not a positive number"),
                )
            })?,
            None => 10,
        };
        let database_url = get("DATABASE_URL").map(Secret::new);
        let demo_data = match get("BANSHI_DEMO_DATA").as_deref() {
            None => database_url.is_none(),
            Some("1" | "true") => true,
            Some("0" | "false") => false,
            Some(other) => return Err(bad("BANSHI_DEMO_DATA", format!("{other:?} is not 1 or 0"))),
        };
        let forwarded_for = match get("BANSHI_FORWARDED_FOR").as_deref() {
            None | Some("0" | "false") => false,
            Some("1" | "true") => true,
            Some(other) => {
                return Err(bad(
                    "BANSHI_FORWARDED_FOR",
                    format!("{other:?} is not 1 or 0"),
                ))
            }
        };
        let fake_now = match get("BANSHI_FAKE_NOW") {
            None => None,
            Some(text) => Some(
                time::OffsetDateTime::parse(&text, &time::format_description::well_known::Rfc3339)
                    .map_err(|e| bad("BANSHI_FAKE_NOW", format!("{text:?}: {e}")))?,
            ),
        };
        let s3 = get("BANSHI_S3_BUCKET").map(|bucket| app::files::objects::S3Config {
            endpoint: get("BANSHI_S3_ENDPOINT"),
            bucket,
            region: get("BANSHI_S3_REGION").unwrap_or_else(|| "us-east-1".into()),
            access_key_id: get("BANSHI_S3_ACCESS_KEY_ID").unwrap_or_default(),
            secret_access_key: get("BANSHI_S3_SECRET_ACCESS_KEY").unwrap_or_default(),
            allow_http: matches!(get("BANSHI_S3_ALLOW_HTTP").as_deref(), Some("1" | "true")),
        });
        let warn_days = match get("BANSHI_WARN_DAYS") {
            Some(n) => n.trim().parse().ok().filter(|n| *n <= 60).ok_or_else(|| {
                bad(
                    "BANSHI_WARN_DAYS",
                    format!("{n:?} is not a number of working days from 0 to 60"),
                )
            })?,
            None => app::supervision::DEFAULT_WARN_DAYS,
        };
        let seconds =
            |name: &'static str, default: u64| -> Result<std::time::Duration, SettingsError> {
                match get(name) {
                    Some(n) => n
                        .trim()
                        .parse::<u64>()
                        .ok()
                        .filter(|n| (1..=86_400).contains(n))
                        .map(std::time::Duration::from_secs)
                        .ok_or_else(|| {
                            bad(
                                name,
                                format!("{n:?} is not a number of seconds from 1 to 86400"),
                            )
                        }),
                    None => Ok(std::time::Duration::from_secs(default)),
                }
            };
        let smtp_url = match get("BANSHI_SMTP_URL") {
            Some(url) => Some(
                crate::jobs::mailer::SmtpUrl::parse(&url).map_err(|e| bad("BANSHI_SMTP_URL", e))?,
            ),
            None => None,
        };
        let mail_from =
            get("BANSHI_MAIL_FROM").unwrap_or_else(|| "Banshi <noreply@localhost>".into());
        if smtp_url.is_some() {
            crate::jobs::mailer::parse_mailbox(&mail_from)
                .map_err(|e| bad("BANSHI_MAIL_FROM", e))?;
        }
        let metrics_addr = match get("BANSHI_METRICS_ADDR") {
            Some(a) => {
                let addr: SocketAddr = a.trim().parse().map_err(|e| {
                    bad(
                        "BANSHI_METRICS_ADDR",
                        format!("{a:?} is not an address and port: {e}"),
                    )
                })?;
                if addr == site_addr {
                    return Err(bad(
                        "BANSHI_METRICS_ADDR",
                        "must differ from LEPTOS_SITE_ADDR: metrics are never public".into(),
                    ));
                }
                Some(addr)
            }
            None => None,
        };
        let kiosk_secs = |name: &'static str, default: u32, max: u32| match get(name) {
            Some(n) => n
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| {
                    bad(
                        name,
                        format!("{n:?} is not a number of seconds from 1 to {max}"),
                    )
                }),
            None => Ok(default),
        };
        let kiosk = app::prefs::kiosk::Terminal {
            always: match get("BANSHI_KIOSK").as_deref() {
                None | Some("0" | "false") => false,
                Some("1" | "true") => true,
                Some(other) => return Err(bad("BANSHI_KIOSK", format!("{other:?} is not 1 or 0"))),
            },
            idle_secs: kiosk_secs("BANSHI_KIOSK_IDLE_SECONDS", 90, 3600)?,
            countdown_secs: kiosk_secs("BANSHI_KIOSK_COUNTDOWN_SECONDS", 30, 600)?,
        };
        let mut site_footer = if demo_data {
            app::hall::footer::SiteFooter::demo()
        } else {
            app::hall::footer::SiteFooter::default()
        };
        let named = |zh: &str, en: &str| get(zh).map(|name| (name, get(en)));
        if let Some(s) = named("BANSHI_SITE_SPONSOR", "BANSHI_SITE_SPONSOR_EN") {
            site_footer.sponsor = Some(s);
        }
        if let Some(s) = named("BANSHI_SITE_OPERATOR", "BANSHI_SITE_OPERATOR_EN") {
            site_footer.operator = Some(s);
        }
        for (name, field) in [
            ("BANSHI_SITE_CONTACT", &mut site_footer.contact),
            ("BANSHI_SITE_ID", &mut site_footer.site_id),
            ("BANSHI_SITE_ICP", &mut site_footer.icp),
            ("BANSHI_SITE_PSB", &mut site_footer.psb),
            ("BANSHI_SITE_CONAC", &mut site_footer.conac),
        ] {
            if let Some(v) = get(name) {
                *field = Some(v.trim().to_string());
            }
        }
        Ok(Settings {
            site_footer,
            kiosk,
            metrics_addr,
            warn_days,
            smtp_url,
            mail_from,
            job_interval: seconds("BANSHI_JOB_INTERVAL", 300)?,
            job_poll: seconds("BANSHI_JOB_POLL", 5)?,
            fake_now,
            s3,
            forwarded_for,
            data_key: get("BANSHI_DATA_KEY").map(Secret::new),
            database_url,
            demo_data,
            data_dir: get("BANSHI_DATA_DIR")
                .unwrap_or_else(|| "data".into())
                .into(),
            pg_bin_dir: get("BANSHI_PG_BIN").map(PathBuf::from),
            site_addr,
            site_root: get("LEPTOS_SITE_ROOT")
                .unwrap_or_else(|| "target/site".into())
                .into(),
            public_origin,
            db_max_connections,
        })
    }

    /// The key sealing personal data: `BANSHI_DATA_KEY`, or for the embedded
    /// default the key file in the data directory (made on first start,
    /// readable by its owner only).
    /// The hall's clock: fixed in test mode.
    pub fn now(&self) -> app::clock::Now {
        match self.fake_now {
            Some(at) => app::clock::Now::fixed(at),
            None => app::clock::Now::real(),
        }
    }

    /// Where uploaded scans are kept.
    pub fn objects(&self) -> Result<app::files::objects::Objects, SettingsError> {
        match &self.s3 {
            Some(cfg) => app::files::objects::Objects::s3(cfg)
                .map_err(|e| bad("BANSHI_S3_BUCKET", e.to_string())),
            None => app::files::objects::Objects::local(&self.data_dir.join("objects"))
                .map_err(|e| bad("BANSHI_DATA_DIR", e.to_string())),
        }
    }

    pub fn data_key(&self) -> Result<app::accounts::secrets::DataKey, SettingsError> {
        use app::accounts::secrets::DataKey;
        if let Some(text) = &self.data_key {
            return DataKey::parse(text.expose())
                .map_err(|e| bad("BANSHI_DATA_KEY", e.to_string()));
        }
        if self.database_url.is_some() {
            return Err(bad(
                "BANSHI_DATA_KEY",
                "is required with DATABASE_URL (e.g. `openssl rand -base64 32`)".into(),
            ));
        }
        let path = self.data_dir.join("data.key");
        let file = |e: std::io::Error| bad("BANSHI_DATA_KEY", format!("{}: {e}", path.display()));
        if !path.exists() {
            use std::{io::Write, os::unix::fs::OpenOptionsExt};
            std::fs::create_dir_all(&self.data_dir).map_err(file)?;
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)
                .map_err(file)?;
            writeln!(f, "{}", DataKey::generate_text()).map_err(file)?;
        }
        let text = std::fs::read_to_string(&path).map_err(file)?;
        DataKey::parse(&text)
            .map_err(|e| bad("BANSHI_DATA_KEY", format!("{}: {e}", path.display())))
    }

    /// Whether cookies must carry `Secure` (the site is served over HTTPS).
    pub fn secure_cookies(&self) -> bool {
        self.public_origin
            .as_deref()
            .is_some_and(|o| o.starts_with("https://"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn with(vars: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_use_the_embedded_database_on_loopback() {
        let s = with(&[]).unwrap();
        assert!(s.database_url.is_none());
        assert_eq!(s.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(s.data_dir, PathBuf::from("data"));
        assert!(!s.secure_cookies());
        assert!(s.demo_data, "the embedded default has demo data");
    }

    #[test]
    fn the_footer_shows_only_what_is_set_and_the_demo_says_it_is_one() {
        let demo = with(&[]).unwrap().site_footer;
        assert_eq!(demo, app::hall::footer::SiteFooter::demo());
        assert!(demo.sponsor.unwrap().0.contains("演示"));
        assert_eq!((demo.site_id, demo.icp, demo.psb), (None, None, None));
        let real = with(&[
            ("DATABASE_URL", "postgres://u:p@db/banshi"),
            ("BANSHI_SITE_SPONSOR", "某某市人民政府办公室"),
            ("BANSHI_SITE_ID", " 4401000001 "),
        ])
        .unwrap()
        .site_footer;
        assert_eq!(real.sponsor, Some(("某某市人民政府办公室".into(), None)));
        assert_eq!(real.site_id.as_deref(), Some("4401000001"));
        assert_eq!((real.contact, real.icp), (None, None));
    }

    #[test]
    fn values_are_parsed_and_checked() {
        let s = with(&[
            ("DATABASE_URL", "postgres://u:p@db/banshi"),
            ("BANSHI_PUBLIC_ORIGIN", "https://hall.example/"),
            ("BANSHI_DB_MAX_CONNECTIONS", "32"),
        ])
        .unwrap();
        assert_eq!(s.public_origin.as_deref(), Some("https://hall.example"));
        assert!(s.secure_cookies());
        assert_eq!(s.db_max_connections, 32);
        assert!(
            !s.demo_data,
            "a real database gets no demo data unless asked"
        );
        assert!(
            !format!("{s:?}").contains("u:p"),
            "the database URL is redacted"
        );
        assert_eq!(
            with(&[("LEPTOS_SITE_ADDR", "nope")]).unwrap_err().name,
            "LEPTOS_SITE_ADDR"
        );
        assert!(with(&[("BANSHI_PUBLIC_ORIGIN", "hall.example")]).is_err());
        let kiosk = with(&[
            ("BANSHI_KIOSK", "1"),
            ("BANSHI_KIOSK_IDLE_SECONDS", "5"),
            ("BANSHI_KIOSK_COUNTDOWN_SECONDS", "3"),
        ])
        .unwrap()
        .kiosk;
        assert_eq!(
            (kiosk.always, kiosk.idle_secs, kiosk.countdown_secs),
            (true, 5, 3)
        );
        assert_eq!(
            with(&[]).unwrap().kiosk,
            app::prefs::kiosk::Terminal::default()
        );
        for (name, value) in [
            ("BANSHI_KIOSK", "yes"),
            ("BANSHI_KIOSK_IDLE_SECONDS", "0"),
            ("BANSHI_KIOSK_COUNTDOWN_SECONDS", "601"),
        ] {
            assert_eq!(with(&[(name, value)]).unwrap_err().name, name);
        }
        assert!(with(&[("BANSHI_PUBLIC_ORIGIN", "https://hall.example/banshi")]).is_err());
        assert!(with(&[("BANSHI_PUBLIC_ORIGIN", "https://u@hall.example")]).is_err());
        assert!(with(&[("BANSHI_PUBLIC_ORIGIN", "http://10.0.0.5:8080")]).is_ok());
        assert!(with(&[("BANSHI_DB_MAX_CONNECTIONS", "0")]).is_err());
        assert!(
            with(&[
                ("DATABASE_URL", "postgres://db/x"),
                ("BANSHI_DEMO_DATA", "1")
            ])
            .unwrap()
            .demo_data
        );
        assert!(with(&[("BANSHI_DEMO_DATA", "maybe")]).is_err());
    }

    #[test]
    fn monitor_and_mail_settings() {
        let s = with(&[]).unwrap();
        assert_eq!(s.warn_days, app::supervision::DEFAULT_WARN_DAYS);
        assert!(s.smtp_url.is_none());
        assert_eq!(s.job_interval, std::time::Duration::from_secs(300));
        let s = with(&[
            ("BANSHI_WARN_DAYS", "2"),
            ("BANSHI_SMTP_URL", "smtp://127.0.0.1:2525"),
            ("BANSHI_MAIL_FROM", "Hall <hall@example.org>"),
            ("BANSHI_JOB_INTERVAL", "60"),
            ("BANSHI_JOB_POLL", "1"),
        ])
        .unwrap();
        assert_eq!(s.warn_days, 2);
        assert_eq!(s.smtp_url.unwrap().port, 2525);
        assert_eq!(s.job_interval, std::time::Duration::from_secs(60));
        assert!(with(&[("BANSHI_WARN_DAYS", "-1")]).is_err());
        assert!(with(&[("BANSHI_JOB_INTERVAL", "0")]).is_err());
        assert!(with(&[("BANSHI_SMTP_URL", "http://mail")]).is_err());
        assert!(with(&[
            ("BANSHI_SMTP_URL", "smtp://m"),
            ("BANSHI_MAIL_FROM", "not an address")
        ])
        .is_err());
    }

    #[test]
    fn metrics_are_off_unless_given_their_own_address() {
        assert_eq!(with(&[]).unwrap().metrics_addr, None);
        let s = with(&[("BANSHI_METRICS_ADDR", "127.0.0.1:9464")]).unwrap();
        assert_eq!(s.metrics_addr.unwrap().to_string(), "127.0.0.1:9464");
        assert_eq!(
            with(&[("BANSHI_METRICS_ADDR", "9464")]).unwrap_err().name,
            "BANSHI_METRICS_ADDR"
        );
        assert!(with(&[
            ("LEPTOS_SITE_ADDR", "127.0.0.1:3000"),
            ("BANSHI_METRICS_ADDR", "127.0.0.1:3000")
        ])
        .is_err());
    }
}
