//! Secrets at rest and on the wire: personal data sealed with AES-256-GCM
//! and found again by a keyed hash (blind index); passwords hashed with
//! Argon2id; session tokens random and stored only as their SHA-256.

use aes_gcm::{
    aead::{Aead, KeyInit},
    Aes256Gcm, Nonce,
};
use base64::{engine::general_purpose::STANDARD, Engine};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

const NONCE_LEN: usize = 12;

/// Why a data key cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the data key must be 32 bytes, written as 64 hex digits or in base64")]
    Format,
}

/// Why sealed bytes cannot be opened: they were sealed with another key, or
/// altered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("sealed data could not be opened (another key, or altered)")]
pub struct OpenError;

/// The key that seals personal data, and the separate key of its blind
/// index, both derived from one 32-byte master key.
#[derive(Clone)]
pub struct DataKey {
    seal: Aes256Gcm,
    index: [u8; 32],
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(..)")
    }
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    bytes
}

impl DataKey {
    pub fn from_master(master: &[u8; 32]) -> DataKey {
        let seal = hmac(master, &[b"banshi seal v1"]);
        DataKey {
            seal: Aes256Gcm::new(&seal.into()),
            index: hmac(master, &[b"banshi blind index v1"]),
        }
    }

    /// A master key as written in settings or the key file: 64 hex digits,
    /// or base64.
    pub fn parse(text: &str) -> Result<DataKey, KeyError> {
        let text = text.trim();
        let bytes = if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            (0..32)
                .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16))
                .collect::<Result<Vec<u8>, _>>()
                .map_err(|_| KeyError::Format)?
        } else {
            STANDARD.decode(text).map_err(|_| KeyError::Format)?
        };
        let master: [u8; 32] = bytes.try_into().map_err(|_| KeyError::Format)?;
        Ok(DataKey::from_master(&master))
    }

    /// A new random master key, as text for a key file.
    pub fn generate_text() -> String {
        STANDARD.encode(random::<32>())
    }

    /// `nonce ‖ ciphertext ‖ tag`, with a fresh random nonce.
    pub fn seal(&self, plaintext: &[u8]) -> Vec<u8> {
        let nonce = random::<NONCE_LEN>();
        let mut out = nonce.to_vec();
        out.extend(
            self.seal
                .encrypt(Nonce::from_slice(&nonce), plaintext)
                .expect("AES-GCM encrypts any short message"),
        );
        out
    }

    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, OpenError> {
        if sealed.len() < NONCE_LEN {
            return Err(OpenError);
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        self.seal
            .decrypt(Nonce::from_slice(nonce), ciphertext)
            .map_err(|_| OpenError)
    }

    /// The keyed hash under which a value of some kind (`"id_number"`) is
    /// found without being readable: equal values give equal hashes.
    pub fn blind_index(&self, kind: &str, value: &str) -> Vec<u8> {
        hmac(&self.index, &[kind.as_bytes(), &[0], value.as_bytes()]).to_vec()
    }
}

/// An Argon2id hash of a password in PHC form (salt and parameters inside).
pub fn hash_password(password: &str) -> String {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let salt = SaltString::encode_b64(&random::<16>()).expect("16 bytes make a valid salt");
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2 hashes any password")
        .to_string()
}

/// Whether `password` matches a hash made by [`hash_password`].
pub fn verify_password(hash: &str, password: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(hash).is_ok_and(|h| {
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash with the cost of a real one, checked when there is no account,
/// so that a missing account answers as slowly as a wrong password.
pub fn dummy_password_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("no account has this password"))
}

/// A new session token: 32 random bytes, base64url.
pub fn new_token() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random::<32>())
}

/// What the database keeps of a token: its SHA-256 (a leaked table signs no
/// one in).
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> DataKey {
        DataKey::parse(&"ab".repeat(32)).unwrap()
    }

    #[test]
    fn sealed_data_opens_with_its_key_only() {
        let sealed = key().seal(b"11010519491231002X");
        assert!(!sealed.windows(6).any(|w| w == b"110105"));
        assert_eq!(key().open(&sealed).unwrap(), b"11010519491231002X");
        let other = DataKey::parse(&"cd".repeat(32)).unwrap();
        assert_eq!(other.open(&sealed), Err(OpenError));
        let mut altered = sealed.clone();
        *altered.last_mut().unwrap() ^= 1;
        assert_eq!(key().open(&altered), Err(OpenError));
        assert_eq!(key().open(b"short"), Err(OpenError));
        // A fresh nonce each time: equal numbers do not seal alike.
        assert_ne!(key().seal(b"x"), key().seal(b"x"));
    }

    #[test]
    fn the_blind_index_is_stable_keyed_and_kind_separated() {
        let a = key().blind_index("id_number", "11010519491231002X");
        assert_eq!(a, key().blind_index("id_number", "11010519491231002X"));
        assert_ne!(a, key().blind_index("mobile", "11010519491231002X"));
        let other = DataKey::parse(&"cd".repeat(32)).unwrap();
        assert_ne!(a, other.blind_index("id_number", "11010519491231002X"));
    }

    #[test]
    fn keys_parse_from_hex_or_base64_of_32_bytes() {
        let text = DataKey::generate_text();
        assert!(DataKey::parse(&text).is_ok());
        assert!(DataKey::parse(&"0f".repeat(32)).is_ok());
        assert_eq!(DataKey::parse("short").unwrap_err(), KeyError::Format);
        assert_eq!(
            DataKey::parse(&STANDARD.encode([1u8; 16])).unwrap_err(),
            KeyError::Format
        );
        assert_eq!(format!("{:?}", key()), "DataKey(..)");
    }

    #[test]
    fn passwords_verify_against_their_hash_only() {
        let hash = hash_password("Correct-Horse-9");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "Correct-Horse-9"));
        assert!(!verify_password(&hash, "correct-horse-9"));
        assert!(!verify_password("not a hash", "Correct-Horse-9"));
        assert!(!verify_password(dummy_password_hash(), "Correct-Horse-9"));
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_eq!(token_hash(&a).len(), 32);
    }
}
