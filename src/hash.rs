//! A small, fast, non-cryptographic hasher for the directory's id maps.
//!
//! Ids come from the deployment's own directory, not from an attacker, and
//! lookups of outside strings only read; FxHash-style mixing is enough and
//! several times cheaper than SipHash for short ids.

use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            for (d, s) in w.iter_mut().zip(rest) {
                *d = *s;
            }
            self.add(u64::from_le_bytes(w));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    /// The multiply leaves the low bits depending only on the low bits of
    /// each word (the first bytes of each 8-byte chunk), and hash tables
    /// index by the low bits: a final avalanche spreads every input bit.
    #[inline]
    fn finish(&self) -> u64 {
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x
    }
}

pub type FastHash = BuildHasherDefault<FxHasher>;

/// A map keyed by id strings, with the fast hasher.
pub(crate) type Map<V> = std::collections::HashMap<String, V, FastHash>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    /// Ids that differ only after their first bytes must spread over the
    /// low bits a hash table indexes by.
    #[test]
    fn similar_ids_spread_over_buckets() {
        let build = FastHash::default();
        let mut buckets = std::collections::HashSet::new();
        for i in 0..4096 {
            buckets.insert(build.hash_one(format!("user-{i}")) & 0xfff);
        }
        assert!(buckets.len() > 2000, "only {} of 4096 buckets used", buckets.len());
    }
}
