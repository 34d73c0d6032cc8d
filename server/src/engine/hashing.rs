//! Password hashing and checking with a bounded number of hashes at once and a fixed amount
//! of memory.
//!
//! Argon2 with its default parameters works through 19 MiB per hash. Letting every login
//! allocate its own block on a blocking thread made the server grow without bound: many
//! parallel logins ran on many threads at once, glibc gave each thread its own malloc arena,
//! and after the first large free its adaptive mmap threshold kept the 19 MiB blocks in those
//! arenas instead of returning them (16 parallel wrong logins for 5 s: 17 MB → 2.7 GB RSS).
//!
//! So hashing happens in a few *slots* (as many as there are cores, 2 to 4). Each slot owns
//! one argon2 memory block, allocated at its first use and reused for every later hash
//! (`hash_password_into_with_memory`), so the memory for hashing never exceeds slots × 19 MiB
//! whatever the load. A request waits for a free slot at most [`MAX_WAIT`]; then it gets
//! [`HashError::Busy`] (the HTTP layer answers `503` with `Retry-After`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use argon2::password_hash::{rand_core::OsRng, Output, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{Semaphore, SemaphorePermit};

/// How long a login waits for a hashing slot before it is told the server is busy.
pub const MAX_WAIT: Duration = Duration::from_secs(10);

/// Checked when the account is unknown or unusable, so that the answer takes as long as for a
/// real account and does not tell which usernames exist.
const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3Q4ZJ1HgTQ9e9hX3qVYzqvQ0B4YyS9cYt6Wq0GZ0pVg";

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// Every slot stayed busy for [`MAX_WAIT`].
    #[error("every password hashing slot is busy")]
    Busy,
    #[error("password hashing failed: {0}")]
    Failed(String),
}

/// The hashing slots of one server.
pub struct Hashing {
    slots: usize,
    permits: Semaphore,
    max_wait: Duration,
    /// The slots' memory blocks not in use right now; never more than `slots`.
    memory: Mutex<Vec<Vec<Block>>>,
    running: AtomicUsize,
    most_at_once: AtomicUsize,
    /// Hashes computed so far (a throttled login computes none).
    done: AtomicUsize,
}

impl Default for Hashing {
    fn default() -> Hashing {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Hashing::new(cores.clamp(2, 4), MAX_WAIT)
    }
}

impl Hashing {
    pub fn new(slots: usize, max_wait: Duration) -> Hashing {
        Hashing {
            slots,
            permits: Semaphore::new(slots),
            max_wait,
            memory: Mutex::new(Vec::new()),
            running: AtomicUsize::new(0),
            most_at_once: AtomicUsize::new(0),
            done: AtomicUsize::new(0),
        }
    }

    /// How many hashes may run at once.
    pub fn slots(&self) -> usize {
        self.slots
    }

    /// The most hashes that ever ran at the same time on this server.
    pub fn most_at_once(&self) -> usize {
        self.most_at_once.load(Ordering::SeqCst)
    }

    /// Waits for a free slot, at most `max_wait`. Hold it only for what must not run before
    /// the hash (a login re-reads its account's throttle in it) and the hash itself.
    pub async fn slot(&self) -> Result<Slot<'_>, HashError> {
        let permit = tokio::time::timeout(self.max_wait, self.permits.acquire())
            .await
            .map_err(|_| HashError::Busy)?
            .map_err(|_| HashError::Busy)?;
        Ok(self.held(permit))
    }

    /// How many hashes this server has computed.
    pub fn hashes_done(&self) -> usize {
        self.done.load(Ordering::SeqCst)
    }

    /// A new password's PHC string (argon2id with the default parameters). It waits for a
    /// slot as long as it takes: passwords are set by the configuration at start and by
    /// administrators, never by anonymous callers.
    pub async fn hash(&self, password: String) -> Result<String, HashError> {
        let permit = self.permits.acquire().await.map_err(|_| HashError::Busy)?;
        self.held(permit).hash(password).await
    }

    fn held<'a>(&'a self, permit: SemaphorePermit<'a>) -> Slot<'a> {
        let now = self.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.most_at_once.fetch_max(now, Ordering::SeqCst);
        Slot {
            hashing: self,
            _permit: permit,
        }
    }
}

/// One hashing slot, held: see [`Hashing::slot`].
pub struct Slot<'a> {
    hashing: &'a Hashing,
    _permit: SemaphorePermit<'a>,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.hashing.running.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Slot<'_> {
    /// A new password's PHC string (argon2id with the default parameters).
    pub async fn hash(&self, password: String) -> Result<String, HashError> {
        self.run(move |blocks| {
            let salt = SaltString::generate(&mut OsRng);
            let mut salt_bytes = [0u8; 64];
            let salt_bytes = salt
                .as_salt()
                .decode_b64(&mut salt_bytes)
                .map_err(|e| HashError::Failed(e.to_string()))?;
            let params = Params::default();
            let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
            argon2(&params)
                .hash_password_into_with_memory(password.as_bytes(), salt_bytes, &mut out, blocks)
                .map_err(|e| HashError::Failed(e.to_string()))?;
            let hash = PasswordHash {
                algorithm: Algorithm::Argon2id.ident(),
                version: Some(Version::V0x13.into()),
                params: (&params)
                    .try_into()
                    .map_err(|e: argon2::password_hash::Error| HashError::Failed(e.to_string()))?,
                salt: Some(salt.as_salt()),
                hash: Some(Output::new(&out).map_err(|e| HashError::Failed(e.to_string()))?),
            };
            Ok(hash.to_string())
        })
        .await
    }

    /// Whether `password` matches the stored PHC string. An empty or unusable string (no such
    /// account, or `!`) still costs one hash and is never a match.
    pub async fn verify(&self, password: String, stored: String) -> Result<bool, HashError> {
        self.run(move |blocks| {
            let (hash, real) = match PasswordHash::new(&stored) {
                Ok(h) => (h, true),
                Err(_) => (PasswordHash::new(DUMMY).expect("valid dummy hash"), false),
            };
            Ok(matches(&hash, password.as_bytes(), blocks) && real)
        })
        .await
    }

    /// Runs `work` on a blocking thread with a slot's memory block, and keeps the block.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut [Block]) -> Result<T, HashError> + Send + 'static,
    ) -> Result<T, HashError> {
        let memory = &self.hashing.memory;
        let mut blocks = memory
            .lock()
            .expect("hashing memory lock")
            .pop()
            .unwrap_or_else(|| vec![Block::default(); Params::default().block_count()]);
        let (blocks, r) = tokio::task::spawn_blocking(move || {
            let r = work(&mut blocks);
            (blocks, r)
        })
        .await
        .map_err(|e| HashError::Failed(e.to_string()))?;
        memory.lock().expect("hashing memory lock").push(blocks);
        self.hashing.done.fetch_add(1, Ordering::SeqCst);
        r
    }
}

fn argon2(params: &Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
}

/// Recomputes the hash with the stored parameters and salt, in the slot's memory (a hash with
/// larger parameters than ours gets a block of its own), and compares in constant time.
fn matches(hash: &PasswordHash<'_>, password: &[u8], blocks: &mut [Block]) -> bool {
    let (Some(salt), Some(expected)) = (hash.salt, hash.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(hash.algorithm) else {
        return false;
    };
    let version = match hash.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let Ok(params) = Params::try_from(hash) else {
        return false;
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params.clone());
    let hashed = if params.block_count() <= blocks.len() {
        argon2.hash_password_into_with_memory(password, salt_bytes, &mut out, blocks)
    } else {
        argon2.hash_password_into(password, salt_bytes, &mut out)
    };
    hashed.is_ok() && Output::new(&out).is_ok_and(|o| o == expected)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    use super::*;

    /// Whether `password` matches `hash`, checked in one of `h`'s slots.
    async fn verifies(h: &Hashing, password: String, hash: String) -> bool {
        h.slot()
            .await
            .unwrap()
            .verify(password, hash)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_hash_verifies_with_argon2_and_an_argon2_hash_verifies_here() {
        let h = Hashing::new(1, MAX_WAIT);
        let ours = h.hash("correct horse battery".into()).await.unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default()
            .verify_password(b"correct horse battery", &parsed)
            .is_ok());
        assert!(verifies(&h, "correct horse battery".into(), ours.clone()).await);
        assert!(!verifies(&h, "wrong horse battery".into(), ours).await);

        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"another one", &salt)
            .unwrap()
            .to_string();
        assert!(verifies(&h, "another one".into(), theirs.clone()).await);
        assert!(!verifies(&h, "another two".into(), theirs).await);
        assert!(!verifies(&h, "anything".into(), String::new()).await);
        assert!(!verifies(&h, "anything".into(), "!".into()).await);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_hashes_run_at_once_than_there_are_slots_and_the_rest_waits_or_is_busy() {
        let h = Arc::new(Hashing::new(2, MAX_WAIT));
        let all = (0..8).map(|i| {
            let h = h.clone();
            tokio::spawn(async move {
                h.slot()
                    .await?
                    .verify(format!("guess {i}"), String::new())
                    .await
            })
        });
        for r in futures_util::future::join_all(all).await {
            assert!(!r.unwrap().unwrap());
        }
        assert_eq!(h.most_at_once(), 2);
        // Both slots' blocks are kept for the next hashes, and no more than that.
        assert_eq!(h.memory.lock().unwrap().len(), 2);

        // With one slot and no patience, a second hash at the same time is refused as busy.
        let impatient = Arc::new(Hashing::new(1, Duration::from_millis(1)));
        let first = {
            let h = impatient.clone();
            tokio::spawn(async move { h.slot().await?.verify("first".into(), String::new()).await })
        };
        while impatient.running.load(Ordering::SeqCst) == 0 {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        let second = impatient.slot().await.map(|_| ());
        assert!(matches!(second, Err(HashError::Busy)), "{second:?}");
        assert!(!first.await.unwrap().unwrap());
        assert_eq!(impatient.most_at_once(), 1);
    }
}
