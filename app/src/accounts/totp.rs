//! The second factor of staff, supervisor and admin accounts: time-based
//! one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps), as
//! any authenticator app makes them. A code is accepted one step early or
//! late (clock drift) and only once: the step it was made for is returned so
//! that the caller can refuse it next time.

use totp_rs::{Algorithm, Secret, TOTP};

const DIGITS: usize = 6;
const STEP: u64 = 30;

/// Why a TOTP secret cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a TOTP secret must be base32 of at least 16 bytes")]
pub struct SecretError;

fn totp(secret_base32: &str) -> Result<TOTP, SecretError> {
    let bytes = Secret::Encoded(secret_base32.trim().replace(' ', "").to_uppercase())
        .to_bytes()
        .map_err(|_| SecretError)?;
    TOTP::new(Algorithm::SHA1, DIGITS, 1, STEP, bytes).map_err(|_| SecretError)
}

/// A new random secret (20 bytes), base32 as authenticator apps take it.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

/// The code for `unix_time` (what an authenticator app shows then).
pub fn code_at(secret_base32: &str, unix_time: u64) -> Result<String, SecretError> {
    Ok(totp(secret_base32)?.generate(unix_time))
}

/// The time step (`unix_time / 30`) that `code` was made for, if it is one
/// of this secret's codes for the step of `unix_time` or the one before or
/// after.
pub fn verify(secret_base32: &str, code: &str, unix_time: u64) -> Option<u64> {
    let totp = totp(secret_base32).ok()?;
    let code = code.trim();
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = unix_time / STEP;
    [now.saturating_sub(1), now, now + 1]
        .into_iter()
        .find(|&step| constant_time_eq(totp.generate(step * STEP).as_bytes(), code.as_bytes()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The `otpauth://` address an authenticator app reads (usually from a QR
/// code) to add the account.
pub fn provisioning_uri(secret_base32: &str, username: &str) -> String {
    let label = crate::catalog::find::encode(&format!("Banshi:{username}"));
    format!("otpauth://totp/{label}?secret={secret_base32}&issuer=Banshi&algorithm=SHA1&digits={DIGITS}&period={STEP}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B's SHA-1 secret, "12345678901234567890", in base32.
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn codes_match_the_rfc_6238_test_vectors() {
        // The RFC lists 8-digit codes; ours are their last 6 digits.
        for (time, code) in [
            (59, "287082"),
            (1111111109, "081804"),
            (1111111111, "050471"),
            (1234567890, "005924"),
            (2000000000, "279037"),
        ] {
            assert_eq!(code_at(RFC_SECRET, time).unwrap(), code, "at {time}");
        }
    }

    #[test]
    fn a_code_is_accepted_one_step_either_side_and_names_its_step() {
        let secret = new_secret();
        let t = 1_800_000_000;
        let code = code_at(&secret, t).unwrap();
        assert_eq!(verify(&secret, &code, t), Some(t / 30));
        assert_eq!(verify(&secret, &code, t + 30), Some(t / 30));
        assert_eq!(verify(&secret, &code, t - 30), Some(t / 30));
        assert_eq!(verify(&secret, &code, t + 90), None);
        assert_eq!(verify(&secret, "12345", t), None);
        assert_eq!(verify(&secret, "abcdef", t), None);
        assert_eq!(verify("not base32!", &code, t), None);
    }

    #[test]
    fn secrets_are_random_base32_of_20_bytes() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(code_at(&a, 0).is_ok());
        let uri = provisioning_uri(&a, "staff.gz");
        assert!(
            uri.starts_with("otpauth://totp/Banshi%3Astaff.gz?secret="),
            "{uri}"
        );
    }
}
