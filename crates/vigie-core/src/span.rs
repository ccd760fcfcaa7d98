use serde::{Deserialize, Serialize};

/// A half-open range `start..end` of byte offsets into a document's original text.
///
/// Offsets are `u32`: a document is at most 4 GiB (the input layer refuses larger ones long
/// before that). They always fall on UTF-8 character boundaries of the original text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end`; callers guarantee `start <= end`.
    #[inline]
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    #[inline]
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The text this span covers, or `None` when it does not slice `text` cleanly.
    pub fn slice<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.range())
    }

    /// Whether `other` lies entirely inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}
