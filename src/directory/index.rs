//! An id index that stores no keys: an open-addressing table of positions
//! into a `Vec`, compared through a key function on the elements. Building
//! a directory of 100k members then copies no id, user id or e-mail.
//!
//! Each slot also keeps 32 bits of the key's hash, which both places the
//! key and screens it: a probe only follows a position into the elements
//! (two cache misses: the element, then its string) when the hashes agree,
//! and growing the table needs no element at all.

use crate::hash::FxHasher;
use std::hash::Hasher;

#[derive(Debug, Clone, Default)]
pub(crate) struct IdIndex {
    /// 0 = empty, otherwise `hash << 32 | (position + 1)`. Length is a power
    /// of two, at most [`MAX_LOAD`] full.
    slots: Vec<u64>,
    len: usize,
}

/// The fullest a table gets, as a fraction (numerator, denominator): up to
/// 80% full. Linear probing over 8-byte slots that screen by hash keeps a
/// probe run within a cache line or two at that load, and the table is
/// about half the size it is at 50% (at 100k entries: 1 MB instead of 2 MB
/// per index, and a directory has five of them).
const MAX_LOAD: (usize, usize) = (4, 5);

/// Slots for `n` entries: a power of two with `n` at most [`MAX_LOAD`] full.
fn slots_for(n: usize) -> usize {
    (n.saturating_mul(MAX_LOAD.1) / MAX_LOAD.0 + 1).next_power_of_two().max(8)
}

fn hash(key: &str) -> u32 {
    let mut h = FxHasher::default();
    h.write(key.as_bytes());
    h.finish() as u32
}

/// The top bits of a home slot that order [`IdIndex::build`]'s inserts:
/// 1,024 runs of the table, each a few cache lines long at 100k keys.
const BUCKET_BITS: u32 = 10;

/// A key's hash and its element's position, gathered for
/// [`IdIndex::from_entries`] while the elements are built (their strings
/// are in cache then).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry(u64);

impl Entry {
    pub fn new(key: &str, pos: usize) -> Entry {
        Entry(slot_value(hash(key), pos))
    }

    /// The same key at another position.
    pub fn at(self, pos: usize) -> Entry {
        Entry(slot_value(slot_hash(self.0), pos))
    }
}

/// A non-empty slot: the key's hash and the position it points at.
fn slot_value(h: u32, pos: usize) -> u64 {
    u64::from(h) << 32 | u64::from(u32::try_from(pos + 1).unwrap_or(u32::MAX))
}

fn slot_hash(slot: u64) -> u32 {
    (slot >> 32) as u32
}

/// The position a non-empty slot holds.
fn slot_pos(slot: u64) -> usize {
    (slot as u32 as usize).wrapping_sub(1)
}

impl IdIndex {
    pub fn with_capacity(n: usize) -> IdIndex {
        IdIndex { slots: vec![0; slots_for(n)], len: 0 }
    }

    /// Indexes the elements of `items` named by `entries` (one per key,
    /// made by [`Entry::new`] while the elements were built), all at once;
    /// returns the index and, for each key met again, the positions (later,
    /// earliest) of the two elements holding it.
    ///
    /// The same table as inserting one element after the other, but filled
    /// front to back: the entries are first put in the order of their home
    /// slot (a stable counting sort on the home's top bits), so the inserts
    /// walk the table instead of each landing on a random cache line (at
    /// 100k keys the table is 1 MB and that miss was most of an insert).
    /// Keys met again keep the earliest element, as [`IdIndex::insert`]
    /// would.
    pub fn from_entries<'a, T>(
        entries: Vec<Entry>,
        items: &'a [T],
        key_of: impl Fn(&'a T) -> Option<&'a str>,
    ) -> (IdIndex, Vec<(usize, usize)>) {
        IdIndex::fill(entries, &|a, b| items.get(a).and_then(&key_of) == items.get(b).and_then(&key_of))
    }

    /// [`IdIndex::from_entries`], with `same_key(a, b)` telling whether the
    /// elements at `a` and `b` have the same key (asked only when their
    /// hashes agree; one copy of the loop for every kind of element).
    fn fill(entries: Vec<Entry>, same_key: &dyn Fn(usize, usize) -> bool) -> (IdIndex, Vec<(usize, usize)>) {
        let mut index = IdIndex::with_capacity(entries.len());
        let mut repeated = Vec::new();
        let mask = index.slots.len() - 1;
        let shift = (mask.count_ones()).saturating_sub(BUCKET_BITS);
        let bucket = |e: u64| (slot_hash(e) as usize & mask) >> shift;
        let mut starts = vec![0usize; (mask >> shift) + 2];
        for &Entry(e) in &entries {
            if let Some(c) = starts.get_mut(bucket(e) + 1) {
                *c += 1;
            }
        }
        for i in 1..starts.len() {
            let before = starts.get(i - 1).copied().unwrap_or(0);
            if let Some(c) = starts.get_mut(i) {
                *c += before;
            }
        }
        let mut ordered = vec![0u64; entries.len()];
        for &Entry(e) in &entries {
            if let Some(next) = starts.get_mut(bucket(e)) {
                if let Some(o) = ordered.get_mut(*next) {
                    *o = e;
                }
                *next += 1;
            }
        }
        drop(entries);
        for e in ordered {
            match index.probe(slot_hash(e), |p| same_key(p, slot_pos(e))) {
                (_, Some(first)) => repeated.push((slot_pos(e), first)),
                (i, None) => {
                    if let Some(s) = index.slots.get_mut(i) {
                        *s = e;
                        index.len += 1;
                    }
                }
            }
        }
        (index, repeated)
    }

    /// Walks the probe run of hash `h`: the slot of the first entry with
    /// that hash whose element `same` accepts, with the element's position;
    /// or else the empty slot that ends the run.
    #[inline]
    fn probe(&self, h: u32, same: impl Fn(usize) -> bool) -> (usize, Option<usize>) {
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = h as usize & mask;
        loop {
            match self.slots.get(i).copied() {
                Some(0) | None => return (i, None),
                Some(slot) if slot_hash(slot) == h && same(slot_pos(slot)) => return (i, Some(slot_pos(slot))),
                Some(_) => i = (i + 1) & mask,
            }
        }
    }

    /// Moves every entry to a new position (`to(old)`), e.g. after elements
    /// were dropped from the `Vec` the index points into.
    pub fn renumber(&mut self, to: impl Fn(usize) -> usize) {
        for s in self.slots.iter_mut().filter(|s| **s != 0) {
            *s = slot_value(slot_hash(*s), to(slot_pos(*s)));
        }
    }

    /// Finds the position of the element whose key is `key`.
    #[inline]
    pub fn get<'a, T>(&self, items: &'a [T], key_of: impl Fn(&'a T) -> Option<&'a str>, key: &str) -> Option<usize> {
        self.probe(hash(key), |p| items.get(p).and_then(&key_of) == Some(key)).1
    }

    /// Indexes `pos` under `key`; returns the earlier position if the key is
    /// already taken (and leaves it in place). `items` holds the elements
    /// indexed so far.
    pub fn insert<'a, T>(
        &mut self,
        items: &'a [T],
        key_of: impl Fn(&'a T) -> Option<&'a str>,
        key: &str,
        pos: usize,
    ) -> Option<usize> {
        if slots_for(self.len + 1) > self.slots.len() {
            self.grow();
        }
        let h = hash(key);
        let (i, found) = self.probe(h, |p| items.get(p).and_then(&key_of) == Some(key));
        if found.is_none() {
            if let Some(s) = self.slots.get_mut(i) {
                *s = slot_value(h, pos);
                self.len += 1;
            }
        }
        found
    }

    /// The slot holding `key`, if indexed.
    fn find<'a, T>(&self, items: &'a [T], key_of: &dyn Fn(&'a T) -> Option<&'a str>, key: &str) -> Option<usize> {
        match self.probe(hash(key), |p| items.get(p).and_then(key_of) == Some(key)) {
            (i, Some(_)) => Some(i),
            (_, None) => None,
        }
    }

    /// Points `key` (still found through `items`) at `pos` instead.
    pub fn repoint<'a, T>(&mut self, items: &'a [T], key_of: impl Fn(&'a T) -> Option<&'a str>, key: &str, pos: usize) {
        if let Some(s) = self.find(items, &key_of, key).and_then(|i| self.slots.get_mut(i)) {
            *s = slot_value(slot_hash(*s), pos);
        }
    }

    /// Forgets `key` (still found through `items`); later entries of its
    /// probe run move back so that no lookup stops early.
    pub fn remove<'a, T>(&mut self, items: &'a [T], key_of: impl Fn(&'a T) -> Option<&'a str>, key: &str) {
        let Some(mut hole) = self.find(items, &key_of, key) else { return };
        let mask = self.slots.len() - 1;
        let mut j = hole;
        loop {
            j = (j + 1) & mask;
            let slot = match self.slots.get(j).copied() {
                Some(0) | None => break,
                Some(s) => s,
            };
            let home = slot_hash(slot) as usize & mask;
            // The entry may fill the hole unless its home lies cyclically in (hole, j].
            let stays = if hole <= j { hole < home && home <= j } else { hole < home || home <= j };
            if !stays {
                if let Some(h) = self.slots.get_mut(hole) {
                    *h = slot;
                }
                hole = j;
            }
        }
        if let Some(h) = self.slots.get_mut(hole) {
            *h = 0;
            self.len -= 1;
        }
    }

    fn grow(&mut self) {
        let bigger = vec![0; (self.slots.len() * 2).max(8)];
        let old = std::mem::replace(&mut self.slots, bigger);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| *s != 0) {
            let mut i = slot_hash(slot) as usize & mask;
            while self.slots.get(i).is_some_and(|s| *s != 0) {
                i = (i + 1) & mask;
            }
            if let Some(s) = self.slots.get_mut(i) {
                *s = slot;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_inserted_and_reports_duplicates() {
        let items: Vec<String> = (0..1000).map(|i| format!("user-{i}")).collect();
        #[allow(clippy::ptr_arg)] // the index's key function takes the element type
        fn key(s: &String) -> Option<&str> {
            Some(s.as_str())
        }
        let mut idx = IdIndex::with_capacity(1);
        for (i, s) in items.iter().enumerate() {
            assert_eq!(idx.insert(&items[..i], key, s, i), None);
        }
        for (i, s) in items.iter().enumerate() {
            assert_eq!(idx.get(&items, key, s), Some(i));
        }
        assert_eq!(idx.get(&items, key, "user-1000"), None);
        assert_eq!(idx.insert(&items, key, "user-7", 1000), Some(7));
        assert_eq!(IdIndex::default().get(&items, key, "user-1"), None);
    }

    #[test]
    fn built_at_once_is_inserted_one_by_one() {
        #[allow(clippy::ptr_arg)] // the index's key function takes the element type
        fn key(s: &String) -> Option<&str> {
            Some(s.as_str())
        }
        // Every 7th key repeats an earlier one (three times for some).
        let items: Vec<String> = (0..5000).map(|i| format!("k-{}", if i % 7 == 6 { i / 3 } else { i })).collect();
        let entries = items.iter().enumerate().map(|(i, s)| Entry::new(s, i)).collect();
        let (built, repeated) = IdIndex::from_entries(entries, &items, key);
        let mut one_by_one = IdIndex::with_capacity(1);
        let mut want = Vec::new();
        for (i, s) in items.iter().enumerate() {
            if let Some(earlier) = one_by_one.insert(&items, key, s, i) {
                want.push((i, earlier));
            }
        }
        let mut repeated = repeated;
        repeated.sort_unstable();
        assert!(!want.is_empty());
        assert_eq!(repeated, want);
        for s in &items {
            assert_eq!(built.get(&items, key, s), one_by_one.get(&items, key, s), "{s}");
        }
        assert_eq!(built.get(&items, key, "k-5000"), None);
        // Renumbered: the same keys, found at their new positions.
        let reversed: Vec<String> = items.iter().rev().cloned().collect();
        let mut moved = built.clone();
        moved.renumber(|p| items.len() - 1 - p);
        for s in &items {
            let at = one_by_one.get(&items, key, s).map(|p| items.len() - 1 - p);
            assert_eq!(moved.get(&reversed, key, s), at, "{s}");
        }
    }

    #[test]
    fn removed_keys_are_gone_and_the_rest_still_found() {
        #[allow(clippy::ptr_arg)] // the index's key function takes the element type
        fn key(s: &String) -> Option<&str> {
            Some(s.as_str())
        }
        let items: Vec<String> = (0..2000).map(|i| format!("m-{i}")).collect();
        let mut idx = IdIndex::with_capacity(1);
        for (i, s) in items.iter().enumerate() {
            idx.insert(&items, key, s, i);
        }
        for s in items.iter().step_by(3) {
            idx.remove(&items, key, s);
        }
        for (i, s) in items.iter().enumerate() {
            let want = if i % 3 == 0 { None } else { Some(i) };
            assert_eq!(idx.get(&items, key, s), want, "{s}");
        }
        let moved = vec![items[1].clone()];
        idx.repoint(&items, key, &items[1], 0);
        assert_eq!(idx.get(&moved, key, &items[1]), Some(0));
    }
}
