//! Discord's signature on an interaction it POSTs to the HTTP endpoint (`normbot serve`).
//!
//! Discord signs `X-Signature-Timestamp` followed by the raw body with the application's Ed25519
//! key and sends the signature, in hexadecimal, as `X-Signature-Ed25519`. Anyone can POST to a
//! public URL, so nothing is read from a body before its signature is checked against the
//! application's public key (from the developer portal); a timestamp more than
//! [`MAX_AGE_SECONDS`] from this machine's clock is refused as well, so a captured request cannot
//! be replayed later. The check is ring's Ed25519, not ours.

use std::str::FromStr;

use ring::signature::{ED25519, UnparsedPublicKey};

/// How far a request's timestamp may be from this machine's clock, either way.
pub const MAX_AGE_SECONDS: i64 = 60;

/// An application's Ed25519 public key: 32 bytes, written as 64 hexadecimal digits.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey([u8; 32]);

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PublicKey({})", hex::encode(self.0))
    }
}

/// Why a public key from the config or the environment was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the application's public key must be 64 hexadecimal digits (the developer portal's General Information page shows it)"
)]
pub struct BadPublicKey;

impl FromStr for PublicKey {
    type Err = BadPublicKey;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut key = [0u8; 32];
        hex::decode_to_slice(text.trim(), &mut key).map_err(|_| BadPublicKey)?;
        Ok(PublicKey(key))
    }
}

impl From<[u8; 32]> for PublicKey {
    fn from(key: [u8; 32]) -> Self {
        PublicKey(key)
    }
}

/// Why a request was refused (each one answered 401).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the X-Signature-Ed25519 or X-Signature-Timestamp header is missing")]
    Missing,
    #[error("the signature is not 128 hexadecimal digits")]
    Malformed,
    #[error("the timestamp is not a number of seconds")]
    BadTimestamp,
    #[error("the signature does not match the body and timestamp")]
    Wrong,
    #[error("the timestamp is {0} s away from this machine's clock (at most {MAX_AGE_SECONDS} s)")]
    Stale(i64),
}

/// Checks one request: its two headers (None when absent), its raw body, and the time now in
/// Unix seconds.
pub fn verify(
    key: &PublicKey,
    signature: Option<&str>,
    timestamp: Option<&str>,
    body: &[u8],
    now: i64,
) -> Result<(), SignatureError> {
    let (signature, timestamp) = signature.zip(timestamp).ok_or(SignatureError::Missing)?;
    let mut bytes = [0u8; 64];
    hex::decode_to_slice(signature.trim(), &mut bytes).map_err(|_| SignatureError::Malformed)?;
    let mut signed = Vec::with_capacity(timestamp.len() + body.len());
    signed.extend_from_slice(timestamp.as_bytes());
    signed.extend_from_slice(body);
    UnparsedPublicKey::new(&ED25519, &key.0).verify(&signed, &bytes).map_err(|_| SignatureError::Wrong)?;
    let sent: i64 = timestamp.trim().parse().map_err(|_| SignatureError::BadTimestamp)?;
    let age = now.saturating_sub(sent);
    if age.abs() > MAX_AGE_SECONDS {
        return Err(SignatureError::Stale(age));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use ring::rand::SystemRandom;
    use ring::signature::{Ed25519KeyPair, KeyPair};

    use super::*;

    fn pair() -> Ed25519KeyPair {
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).unwrap();
        Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap()
    }

    fn public(pair: &Ed25519KeyPair) -> PublicKey {
        hex::encode(pair.public_key().as_ref()).parse().unwrap()
    }

    fn sign(pair: &Ed25519KeyPair, timestamp: &str, body: &[u8]) -> String {
        hex::encode(pair.sign(&[timestamp.as_bytes(), body].concat()).as_ref())
    }

    #[test]
    fn a_signed_request_passes_and_every_kind_of_forgery_fails() {
        let (pair, other) = (pair(), pair());
        let key = public(&pair);
        let body = br#"{"type":1}"#;
        let good = sign(&pair, "1000", body);
        assert_eq!(verify(&key, Some(&good), Some("1000"), body, 1000), Ok(()));
        assert_eq!(verify(&key, Some(&good), Some("1000"), br#"{"type":2}"#, 1000), Err(SignatureError::Wrong));
        assert_eq!(verify(&key, Some(&good), Some("1001"), body, 1000), Err(SignatureError::Wrong));
        let forged = sign(&other, "1000", body);
        assert_eq!(verify(&key, Some(&forged), Some("1000"), body, 1000), Err(SignatureError::Wrong));
        assert_eq!(verify(&key, None, Some("1000"), body, 1000), Err(SignatureError::Missing));
        assert_eq!(verify(&key, Some(&good), None, body, 1000), Err(SignatureError::Missing));
        assert_eq!(verify(&key, Some("zz"), Some("1000"), body, 1000), Err(SignatureError::Malformed));
        assert_eq!(verify(&key, Some(&good[..126]), Some("1000"), body, 1000), Err(SignatureError::Malformed));
    }

    #[test]
    fn a_replayed_or_future_timestamp_is_refused_even_when_signed() {
        let pair = pair();
        let key = public(&pair);
        let body = b"{}";
        let signed = sign(&pair, "1000", body);
        assert_eq!(verify(&key, Some(&signed), Some("1000"), body, 1000 + MAX_AGE_SECONDS), Ok(()));
        assert_eq!(verify(&key, Some(&signed), Some("1000"), body, 1061), Err(SignatureError::Stale(61)));
        assert_eq!(verify(&key, Some(&signed), Some("1000"), body, 900), Err(SignatureError::Stale(-100)));
        let odd = sign(&pair, "soon", body);
        assert_eq!(verify(&key, Some(&odd), Some("soon"), body, 1000), Err(SignatureError::BadTimestamp));
    }

    #[test]
    fn public_keys_are_64_hex_digits() {
        assert!("ab".parse::<PublicKey>().is_err());
        assert!("g".repeat(64).parse::<PublicKey>().is_err());
        assert_eq!("00".repeat(32).parse::<PublicKey>(), Ok(PublicKey([0; 32])));
    }
}
