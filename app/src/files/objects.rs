//! Where the bytes of scans are kept: a private local directory for
//! development and small halls, an S3-compatible bucket (MinIO, OSS, COS, S3)
//! in production. Callers see one small API either way.
//!
//! Objects are stored under random hex keys, never under the uploaded name,
//! so nothing an applicant types reaches a file system path or bucket key.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use serde::Deserialize;

/// Random bytes in a new key: 128 bits cannot be guessed or enumerated.
const KEY_BYTES: usize = 16;

/// Shortest key accepted, so a store never holds easily guessed names.
const MIN_KEY_LEN: usize = 2 * KEY_BYTES;

/// Longest key accepted (room for a SHA-256 content hash).
const MAX_KEY_LEN: usize = 64;

/// Why storing, reading or deleting an object failed.
#[derive(Debug, thiserror::Error)]
pub enum ObjectsError {
    /// No object is stored under the key; usually a stale database row.
    #[error("object not found")]
    NotFound,
    /// The key is not 32 to 64 lowercase hex digits, so it was never ours.
    #[error("invalid object key")]
    InvalidKey,
    /// The store itself failed (disk, network, credentials); logged, not shown.
    #[error("object store: {0}")]
    Store(String),
}

impl From<object_store::Error> for ObjectsError {
    fn from(error: object_store::Error) -> Self {
        match error {
            object_store::Error::NotFound { .. } => ObjectsError::NotFound,
            other => ObjectsError::Store(other.to_string()),
        }
    }
}

/// Where an S3-compatible bucket is and how to sign in to it.
#[derive(Clone, Deserialize)]
pub struct S3Config {
    /// Endpoint for non-AWS stores (e.g. `http://127.0.0.1:9000` for MinIO); `None` means AWS.
    pub endpoint: Option<String>,
    /// Bucket holding the scans; it should not be public.
    pub bucket: String,
    /// Region name; S3-compatible stores often accept any, e.g. `us-east-1`.
    pub region: String,
    /// Access key id (not secret on its own).
    pub access_key_id: String,
    /// Secret access key; never printed.
    pub secret_access_key: String,
    /// Allows a plain-HTTP endpoint, for a store on the same host or in tests.
    pub allow_http: bool,
}

impl fmt::Debug for S3Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Config")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"[redacted]")
            .field("allow_http", &self.allow_http)
            .finish()
    }
}

/// The object store holding uploaded scans; cheap to clone into handlers.
#[derive(Clone, Debug)]
pub struct Objects {
    store: Arc<dyn ObjectStore>,
}

impl Objects {
    /// Keeps objects in `dir`, created if missing and readable by this user only (0700).
    pub fn local(dir: &Path) -> Result<Self, ObjectsError> {
        let failed = |what: &str, error: std::io::Error| {
            ObjectsError::Store(format!("cannot {what} {}: {error}", dir.display()))
        };
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
            builder.mode(0o700);
            builder.create(dir).map_err(|e| failed("create", e))?;
            // An existing directory may be wider open than a store of ID scans should be.
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| failed("restrict", e))?;
        }
        #[cfg(not(unix))]
        builder.create(dir).map_err(|e| failed("create", e))?;
        let store = LocalFileSystem::new_with_prefix(dir)?;
        Ok(Objects {
            store: Arc::new(store),
        })
    }

    /// Keeps objects in an S3-compatible bucket; no request is made until first use.
    pub fn s3(cfg: &S3Config) -> Result<Self, ObjectsError> {
        // The builder takes "" for a bucket and would fail only on the first request.
        if cfg.bucket.trim().is_empty() {
            return Err(ObjectsError::Store(
                "the S3 bucket name is empty".to_owned(),
            ));
        }
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&cfg.bucket)
            .with_region(&cfg.region)
            .with_access_key_id(&cfg.access_key_id)
            .with_secret_access_key(&cfg.secret_access_key)
            .with_allow_http(cfg.allow_http);
        if let Some(endpoint) = &cfg.endpoint {
            builder = builder.with_endpoint(endpoint);
        }
        Ok(Objects {
            store: Arc::new(builder.build()?),
        })
    }

    /// Keeps objects in memory, for tests of the code that uses a store.
    pub fn memory() -> Self {
        Objects {
            store: Arc::new(InMemory::new()),
        }
    }

    /// Stores `bytes` under `key`, replacing any object already there.
    pub async fn put(&self, key: &str, bytes: Bytes) -> Result<(), ObjectsError> {
        let path = object_path(key)?;
        self.store.put(&path, PutPayload::from(bytes)).await?;
        Ok(())
    }

    /// Reads the whole object; scans are small enough (10 MB) to hold in memory.
    pub async fn get(&self, key: &str) -> Result<Bytes, ObjectsError> {
        let path = object_path(key)?;
        Ok(self.store.get(&path).await?.bytes().await?)
    }

    /// Removes the object; a missing one counts as removed so clean-ups can be retried.
    pub async fn delete(&self, key: &str) -> Result<(), ObjectsError> {
        let path = object_path(key)?;
        match self.store.delete(&path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(other) => Err(other.into()),
        }
    }
}

/// A fresh random key (32 lowercase hex digits) to store a new object under.
///
/// Fails only if the operating system's random source does, which callers
/// report as an internal error rather than fall back to weaker keys.
pub fn new_key() -> Result<String, ObjectsError> {
    let mut bytes = [0u8; KEY_BYTES];
    getrandom::fill(&mut bytes)
        .map_err(|e| ObjectsError::Store(format!("no random source for a key: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether `key` is one this module could have made, so it cannot name any other path.
pub fn is_valid_key(key: &str) -> bool {
    (MIN_KEY_LEN..=MAX_KEY_LEN).contains(&key.len())
        && key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Spreads objects over 256 directories so none grows to millions of entries.
fn object_path(key: &str) -> Result<ObjectPath, ObjectsError> {
    if !is_valid_key(key) {
        return Err(ObjectsError::InvalidKey);
    }
    Ok(ObjectPath::from_iter([&key[..2], key]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCAN: &[u8] = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n";

    fn local() -> (tempfile::TempDir, Objects) {
        let dir = tempfile::tempdir().unwrap();
        let objects = Objects::local(&dir.path().join("objects")).unwrap();
        (dir, objects)
    }

    #[test]
    fn new_keys_are_random_hex() {
        let a = new_key().unwrap();
        let b = new_key().unwrap();
        assert_eq!(a.len(), 32);
        assert!(is_valid_key(&a), "{a}");
        assert_ne!(a, b);
    }

    #[test]
    fn only_lowercase_hex_keys_are_valid() {
        assert!(is_valid_key(&"0".repeat(32)));
        assert!(is_valid_key(&"f".repeat(64)));
        for key in [
            String::new(),
            "ab".to_owned(),
            "0".repeat(31),
            "0".repeat(65),
            "A".repeat(32),
            "g".repeat(32),
            format!("../{}", "0".repeat(32)),
            format!("{}/..", "0".repeat(32)),
            format!("{}\\x", "0".repeat(32)),
            format!("{} ", "0".repeat(32)),
            format!("{}%2e", "0".repeat(30)),
            "０".repeat(32),
        ] {
            assert!(!is_valid_key(&key), "{key:?}");
        }
    }

    #[tokio::test]
    async fn round_trip_on_disk() {
        let (dir, objects) = local();
        let key = new_key().unwrap();
        objects.put(&key, Bytes::from_static(SCAN)).await.unwrap();
        assert_eq!(objects.get(&key).await.unwrap(), SCAN);

        let on_disk = dir.path().join("objects").join(&key[..2]).join(&key);
        assert_eq!(std::fs::read(on_disk).unwrap(), SCAN);
    }

    #[tokio::test]
    async fn put_replaces() {
        let (_dir, objects) = local();
        let key = new_key().unwrap();
        objects.put(&key, Bytes::from_static(b"old")).await.unwrap();
        objects.put(&key, Bytes::from_static(SCAN)).await.unwrap();
        assert_eq!(objects.get(&key).await.unwrap(), SCAN);
    }

    #[tokio::test]
    async fn missing_key_is_not_found() {
        let (_dir, objects) = local();
        let key = new_key().unwrap();
        assert!(matches!(
            objects.get(&key).await,
            Err(ObjectsError::NotFound)
        ));
    }

    #[tokio::test]
    async fn invalid_keys_are_rejected_before_the_store() {
        let (dir, objects) = local();
        let outside = dir.path().join("passwd");
        std::fs::write(&outside, b"root:x:0:0").unwrap();
        for key in ["../passwd", "../../passwd", "/etc/passwd", "ABCDEF", ""] {
            assert!(matches!(
                objects.put(key, Bytes::from_static(b"x")).await,
                Err(ObjectsError::InvalidKey)
            ));
            assert!(matches!(
                objects.get(key).await,
                Err(ObjectsError::InvalidKey)
            ));
            assert!(matches!(
                objects.delete(key).await,
                Err(ObjectsError::InvalidKey)
            ));
        }
        assert_eq!(std::fs::read(outside).unwrap(), b"root:x:0:0");
    }

    #[tokio::test]
    async fn delete_removes_and_is_idempotent() {
        let (_dir, objects) = local();
        let key = new_key().unwrap();
        let other = new_key().unwrap();
        objects.put(&key, Bytes::from_static(SCAN)).await.unwrap();
        objects
            .put(&other, Bytes::from_static(b"keep"))
            .await
            .unwrap();

        objects.delete(&key).await.unwrap();
        assert!(matches!(
            objects.get(&key).await,
            Err(ObjectsError::NotFound)
        ));
        objects.delete(&key).await.unwrap();
        assert_eq!(objects.get(&other).await.unwrap(), "keep");
    }

    #[tokio::test]
    async fn empty_object_round_trips() {
        let (_dir, objects) = local();
        let key = new_key().unwrap();
        objects.put(&key, Bytes::new()).await.unwrap();
        assert!(objects.get(&key).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn memory_store_behaves_like_disk() {
        let objects = Objects::memory();
        let key = new_key().unwrap();
        objects.put(&key, Bytes::from_static(SCAN)).await.unwrap();
        assert_eq!(objects.clone().get(&key).await.unwrap(), SCAN);
        objects.delete(&key).await.unwrap();
        assert!(matches!(
            objects.get(&key).await,
            Err(ObjectsError::NotFound)
        ));
        objects.delete(&key).await.unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn local_directory_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a").join("b");
        Objects::local(&nested).unwrap();
        let mode = std::fs::metadata(&nested).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);

        let existing = dir.path().join("open");
        std::fs::create_dir(&existing).unwrap();
        std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(0o755)).unwrap();
        Objects::local(&existing).unwrap();
        let mode = std::fs::metadata(&existing).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }

    #[test]
    fn local_fails_cleanly_when_the_path_is_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        std::fs::write(&file, b"x").unwrap();
        assert!(matches!(Objects::local(&file), Err(ObjectsError::Store(_))));
    }

    fn s3_config() -> S3Config {
        S3Config {
            endpoint: Some("http://127.0.0.1:9000".to_owned()),
            bucket: "banshi-scans".to_owned(),
            region: "us-east-1".to_owned(),
            access_key_id: "banshi".to_owned(),
            secret_access_key: "very-secret-key-123".to_owned(),
            allow_http: true,
        }
    }

    #[test]
    fn s3_store_builds_without_contacting_the_bucket() {
        let objects = Objects::s3(&s3_config()).unwrap();
        let printed = format!("{objects:?}");
        assert!(!printed.contains("very-secret-key-123"), "{printed}");
    }

    #[test]
    fn s3_config_debug_hides_the_secret() {
        let printed = format!("{:?}", s3_config());
        assert!(!printed.contains("very-secret-key-123"), "{printed}");
        assert!(printed.contains("banshi-scans") && printed.contains("[redacted]"));
    }

    #[test]
    fn s3_needs_a_bucket() {
        let config = S3Config {
            bucket: String::new(),
            ..s3_config()
        };
        assert!(matches!(Objects::s3(&config), Err(ObjectsError::Store(_))));
    }
}
