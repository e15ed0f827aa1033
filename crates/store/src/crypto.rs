//! Keys and field protection: encryption of personal fields at rest, the blind
//! index for exact-match lookup, hashing of tokens, and the audit signing key.
//!
//! Algorithms sit behind [`Keys`]' methods so that the national algorithms
//! (SM4 for fields, SM3 for hashes, SM2 for signatures) can replace them for a
//! 密评 deployment without touching callers.

use std::fmt;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use ed25519_dalek::{Signer as _, SigningKey, Verifier as _, VerifyingKey};
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{StoreError, StoreResult};

const KEY_FILE: &str = "jindu.key";
const NONCE_LEN: usize = 24;

/// 32 secret bytes whose `Debug` never prints them.
#[derive(Clone)]
pub struct Secret([u8; 32]);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

#[derive(Serialize, Deserialize)]
struct FieldKeyFile {
    id: u8,
    key: String,
}

#[derive(Serialize, Deserialize)]
struct KeyFile {
    version: u32,
    /// Field-encryption keys; the highest id encrypts, any id decrypts
    /// (rotation re-encrypts rows at leisure).
    field_keys: Vec<FieldKeyFile>,
    blind_index_key: String,
    audit_signing_key: String,
}

/// The installation's keys, loaded from the key file outside the database.
#[derive(Clone, Debug)]
pub struct Keys {
    field: Vec<(u8, Secret)>,
    blind: Secret,
    signing: Secret,
    dir: PathBuf,
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    // The OS RNG failing is not recoverable: refuse to continue rather than
    // produce guessable keys, tokens or nonces.
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut b).expect("operating system random number generator");
    b
}

fn hex32(s: &str) -> StoreResult<Secret> {
    let v = data_encoding::HEXLOWER_PERMISSIVE
        .decode(s.as_bytes())
        .map_err(|_| StoreError::Crypto("key file: bad hex".into()))?;
    let arr: [u8; 32] = v
        .try_into()
        .map_err(|_| StoreError::Crypto("key file: key must be 32 bytes".into()))?;
    Ok(Secret(arr))
}

fn hex(b: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(b)
}

impl Keys {
    pub fn key_file(dir: &Path) -> PathBuf {
        dir.join(KEY_FILE)
    }

    /// Loads the key file in `dir`, creating it (mode 0600) when absent.
    pub fn load_or_create(dir: &Path) -> StoreResult<Keys> {
        let path = Self::key_file(dir);
        if path.exists() {
            return Self::load(dir);
        }
        std::fs::create_dir_all(dir)?;
        let file = KeyFile {
            version: 1,
            field_keys: vec![FieldKeyFile {
                id: 1,
                key: hex(&random_bytes::<32>()),
            }],
            blind_index_key: hex(&random_bytes::<32>()),
            audit_signing_key: hex(&random_bytes::<32>()),
        };
        let text =
            serde_json::to_string_pretty(&file).map_err(|e| StoreError::Crypto(e.to_string()))?;
        write_private(&path, text.as_bytes())?;
        Self::load(dir)
    }

    pub fn load(dir: &Path) -> StoreResult<Keys> {
        let path = Self::key_file(dir);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            StoreError::Config(format!("cannot read key file {}: {e}", path.display()))
        })?;
        let file: KeyFile = serde_json::from_str(&text)
            .map_err(|e| StoreError::Crypto(format!("key file: {e}")))?;
        let mut field = Vec::new();
        for k in &file.field_keys {
            field.push((k.id, hex32(&k.key)?));
        }
        field.sort_by_key(|(id, _)| *id);
        if field.is_empty() {
            return Err(StoreError::Crypto("key file: no field key".into()));
        }
        Ok(Keys {
            field,
            blind: hex32(&file.blind_index_key)?,
            signing: hex32(&file.audit_signing_key)?,
            dir: dir.to_path_buf(),
        })
    }

    /// The directory holding the key file; audit checkpoints live beside it,
    /// outside the database.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Encrypts one field value. `aad` binds the ciphertext to its row and
    /// column, so a value copied into another row or field fails to decrypt.
    /// Layout: key id (1 byte) ‖ nonce (24) ‖ ciphertext+tag.
    pub fn encrypt(&self, plaintext: &str, aad: &str) -> StoreResult<Vec<u8>> {
        self.encrypt_bytes(plaintext.as_bytes(), aad)
    }

    pub fn decrypt(&self, blob: &[u8], aad: &str) -> StoreResult<String> {
        String::from_utf8(self.decrypt_bytes(blob, aad)?)
            .map_err(|_| StoreError::Crypto("decrypt: not UTF-8".into()))
    }

    /// As [`Keys::encrypt`], for binary content (scans, photos).
    pub fn encrypt_bytes(&self, plaintext: &[u8], aad: &str) -> StoreResult<Vec<u8>> {
        let (id, key) = self
            .field
            .last()
            .ok_or_else(|| StoreError::Crypto("no field key".into()))?;
        let cipher = XChaCha20Poly1305::new_from_slice(&key.0)
            .map_err(|_| StoreError::Crypto("field key".into()))?;
        let nonce_bytes = random_bytes::<NONCE_LEN>();
        let nonce = XNonce::from(nonce_bytes);
        let ct = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| StoreError::Crypto("encrypt".into()))?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + ct.len());
        out.push(*id);
        out.extend_from_slice(&nonce_bytes);
        out.extend_from_slice(&ct);
        Ok(out)
    }

    pub fn decrypt_bytes(&self, blob: &[u8], aad: &str) -> StoreResult<Vec<u8>> {
        if blob.len() < 1 + NONCE_LEN + 16 {
            return Err(StoreError::Crypto("ciphertext too short".into()));
        }
        let key = self
            .field
            .iter()
            .find(|(id, _)| *id == blob[0])
            .map(|(_, k)| k)
            .ok_or_else(|| StoreError::Crypto(format!("unknown key id {}", blob[0])))?;
        let cipher = XChaCha20Poly1305::new_from_slice(&key.0)
            .map_err(|_| StoreError::Crypto("field key".into()))?;
        let nonce = XNonce::try_from(&blob[1..1 + NONCE_LEN])
            .map_err(|_| StoreError::Crypto("nonce".into()))?;
        cipher
            .decrypt(
                &nonce,
                Payload {
                    msg: &blob[1 + NONCE_LEN..],
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| StoreError::Crypto("decrypt: authentication failed".into()))
    }

    /// Keyed hash for exact-match lookup of an encrypted value (ID numbers).
    /// A separate key from encryption, so the index alone reveals nothing and
    /// cannot be brute-forced without the key file.
    pub fn blind_index(&self, domain: &str, value: &str) -> Vec<u8> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.blind.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
        mac.update(domain.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    fn signing_key(&self) -> SigningKey {
        SigningKey::from_bytes(&self.signing.0)
    }

    pub fn sign(&self, msg: &[u8]) -> Vec<u8> {
        self.signing_key().sign(msg).to_bytes().to_vec()
    }

    pub fn verifying_key_hex(&self) -> String {
        hex(self.signing_key().verifying_key().as_bytes())
    }

    pub fn verify_signature(&self, msg: &[u8], sig: &[u8]) -> bool {
        let vk: VerifyingKey = self.signing_key().verifying_key();
        match ed25519_dalek::Signature::from_slice(sig) {
            Ok(s) => vk.verify(msg, &s).is_ok(),
            Err(_) => false,
        }
    }
}

/// SHA-256, for session and API tokens (high-entropy secrets need no slow hash)
/// and for the audit chain.
pub fn sha256(data: &[u8]) -> Vec<u8> {
    Sha256::digest(data).to_vec()
}

/// A fresh 256-bit token, URL-safe.
pub fn new_token() -> String {
    data_encoding::BASE64URL_NOPAD.encode(&random_bytes::<32>())
}

/// Writes a file readable only by its owner (keys, checkpoints).
pub fn write_private(path: &Path, data: &[u8]) -> StoreResult<()> {
    use std::io::Write as _;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(data)?;
    f.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> (tempdir::Dir, Keys) {
        let d = tempdir::Dir::new();
        let k = Keys::load_or_create(d.path()).unwrap();
        (d, k)
    }

    mod tempdir {
        pub struct Dir(std::path::PathBuf);
        impl Dir {
            pub fn new() -> Dir {
                let p = std::env::temp_dir().join(format!(
                    "jindu-keys-{}",
                    data_encoding::HEXLOWER.encode(&super::random_bytes::<8>())
                ));
                std::fs::create_dir_all(&p).unwrap();
                Dir(p)
            }
            pub fn path(&self) -> &std::path::Path {
                &self.0
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    #[test]
    fn field_round_trip_and_aad_binding() {
        let (_d, k) = keys();
        let ct = k
            .encrypt("990101199001011234", "persons/a/id_number")
            .unwrap();
        assert_eq!(
            k.decrypt(&ct, "persons/a/id_number").unwrap(),
            "990101199001011234"
        );
        assert!(k.decrypt(&ct, "persons/b/id_number").is_err());
        let mut bad = ct.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(k.decrypt(&bad, "persons/a/id_number").is_err());
        // Same plaintext encrypts differently each time (random nonce).
        assert_ne!(
            ct,
            k.encrypt("990101199001011234", "persons/a/id_number")
                .unwrap()
        );
    }

    #[test]
    fn key_file_is_private_and_reloads() {
        let (d, k) = keys();
        let again = Keys::load(d.path()).unwrap();
        assert_eq!(k.blind_index("id", "x"), again.blind_index("id", "x"));
        assert_ne!(k.blind_index("id", "x"), k.blind_index("phone", "x"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(Keys::key_file(d.path()))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let file = std::fs::read_to_string(Keys::key_file(d.path())).unwrap();
        let blind = file.split("blind_index_key\": \"").nth(1).unwrap();
        assert!(
            !format!("{k:?}").contains(&blind[..16]),
            "Debug must not print keys"
        );
    }

    #[test]
    fn signatures_verify() {
        let (_d, k) = keys();
        let sig = k.sign(b"checkpoint");
        assert!(k.verify_signature(b"checkpoint", &sig));
        assert!(!k.verify_signature(b"checkpoinT", &sig));
    }
}
