//! [`NumericDate`]: seconds since the epoch with an optional fraction, saturating
//! arithmetic, and the parse of a JSON number.

use core::time::Duration;
use serde::{Serialize, Serializer};

/// Seconds since the Unix epoch, with an optional fraction (RFC 7519 §2 NumericDate).
///
/// Ordered; arithmetic saturates instead of wrapping or panicking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NumericDate {
    secs: i64,
    /// Always `< 1_000_000_000`; the value is `secs + nanos / 1e9`.
    nanos: u32,
}

const NANOS: u32 = 1_000_000_000;

/// A `Duration` in nanoseconds: below 2^94, so always an `i128`.
fn duration_nanos(d: Duration) -> i128 {
    i128::try_from(d.as_nanos()).unwrap_or(i128::MAX)
}

impl NumericDate {
    /// A whole number of seconds since the epoch.
    #[must_use]
    pub const fn from_secs(secs: i64) -> Self {
        Self { secs, nanos: 0 }
    }

    /// The current system time.
    #[cfg(feature = "std")]
    #[cfg_attr(docsrs, doc(cfg(feature = "std")))]
    #[must_use]
    pub fn now() -> Self {
        Self::from_system_time(std::time::SystemTime::now())
    }

    /// Converts a `SystemTime`, saturating far outside the `i64` range of seconds.
    #[cfg(feature = "std")]
    #[cfg_attr(docsrs, doc(cfg(feature = "std")))]
    #[must_use]
    pub fn from_system_time(t: std::time::SystemTime) -> Self {
        match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => Self::from_secs(0).saturating_add(d),
            Err(e) => Self::from_secs(0).saturating_sub(e.duration()),
        }
    }

    /// Whole seconds (rounded toward negative infinity).
    #[must_use]
    pub const fn as_secs(self) -> i64 {
        self.secs
    }

    /// Fractional part in nanoseconds.
    #[must_use]
    pub const fn subsec_nanos(self) -> u32 {
        self.nanos
    }

    /// `self + d`, saturating at the maximum (exact: computed in `i128` nanoseconds, so
    /// `from_secs(i64::MIN) + u64::MAX s` is the maximum, not a wrapped value).
    #[must_use]
    pub fn saturating_add(self, d: Duration) -> Self {
        Self::from_total_nanos(self.total_nanos().saturating_add(duration_nanos(d)))
    }

    /// `self - d`, saturating at the minimum (exact, as
    /// [`saturating_add`](NumericDate::saturating_add)).
    #[must_use]
    pub fn saturating_sub(self, d: Duration) -> Self {
        Self::from_total_nanos(self.total_nanos().saturating_sub(duration_nanos(d)))
    }

    /// `secs * 1e9 + nanos`: at most 2^63 * 1e9 + 1e9 in magnitude, far inside `i128`.
    fn total_nanos(self) -> i128 {
        i128::from(self.secs) * i128::from(NANOS) + i128::from(self.nanos)
    }

    /// The inverse of `total_nanos`, clamped to `[i64::MIN s, i64::MAX s + 999_999_999 ns]`.
    /// `Duration::as_nanos` is below 2^94, so the sums that reach here do not overflow.
    fn from_total_nanos(total: i128) -> Self {
        let nanos_per_sec = i128::from(NANOS);
        let secs = total.div_euclid(nanos_per_sec);
        match i64::try_from(secs) {
            Ok(secs) => Self {
                secs,
                // `rem_euclid` is in 0..1e9.
                nanos: u32::try_from(total.rem_euclid(nanos_per_sec)).unwrap_or(0),
            },
            Err(_) if total > 0 => Self {
                secs: i64::MAX,
                nanos: NANOS - 1,
            },
            Err(_) => Self {
                secs: i64::MIN,
                nanos: 0,
            },
        }
    }

    /// Parses the text of a JSON number. Integers must fit `i64`; fractions must be
    /// finite and within the same range.
    pub(super) fn from_json_number(text: &str, integer: bool) -> Option<Self> {
        if integer {
            return text.parse::<i64>().ok().map(Self::from_secs);
        }
        let v: f64 = text.parse().ok()?;
        // 2^63 as f64; every finite value strictly inside converts without saturating.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        if !(-LIMIT..LIMIT).contains(&v) {
            return None;
        }
        // `f64::floor` is not in `core`: truncate (exact for |v| < 2^63), then step down
        // for negative fractions. Above 2^52 every f64 is an integer, so the
        // conversions back to f64 are exact wherever a fraction exists.
        #[allow(clippy::cast_possible_truncation)]
        let truncated = v as i64;
        #[allow(clippy::cast_precision_loss)]
        let secs = if (truncated as f64) > v {
            truncated - 1
        } else {
            truncated
        };
        #[allow(clippy::cast_precision_loss)]
        let fraction = v - secs as f64;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let nanos = ((fraction * 1e9) as u32).min(NANOS - 1);
        Some(Self { secs, nanos })
    }
}

impl Serialize for NumericDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.nanos == 0 {
            s.serialize_i64(self.secs)
        } else {
            #[allow(clippy::cast_precision_loss)]
            s.serialize_f64(self.secs as f64 + f64::from(self.nanos) / 1e9)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference model for the saturating arithmetic: exact `i128` nanoseconds, clamped.
    fn model(secs: i64, nanos: u32, d: Duration, add: bool) -> (i64, u32) {
        let lo = i128::from(i64::MIN) * 1_000_000_000;
        let hi = i128::from(i64::MAX) * 1_000_000_000 + 999_999_999;
        let t = i128::from(secs) * 1_000_000_000 + i128::from(nanos);
        let d = i128::try_from(d.as_nanos()).unwrap();
        let r = (if add { t + d } else { t - d }).clamp(lo, hi);
        (
            i64::try_from(r.div_euclid(1_000_000_000)).unwrap(),
            u32::try_from(r.rem_euclid(1_000_000_000)).unwrap(),
        )
    }

    fn parts(t: NumericDate) -> (i64, u32) {
        (t.as_secs(), t.subsec_nanos())
    }

    #[test]
    fn numeric_date_saturating_arithmetic_is_exact_at_the_extremes() {
        let max = Duration::new(u64::MAX, 999_999_999);
        let min = NumericDate::from_secs(i64::MIN);
        assert_eq!(
            min.saturating_add(Duration::from_secs(u64::MAX)).as_secs(),
            i64::MAX
        );
        assert_eq!(parts(min.saturating_add(max)), (i64::MAX, 999_999_999));
        assert_eq!(
            parts(NumericDate::from_secs(i64::MAX).saturating_sub(Duration::from_secs(u64::MAX))),
            (i64::MIN, 0) // 2^63 - 1 - (2^64 - 1) = -2^63, exactly the minimum
        );
        for (secs, d, add) in [
            (i64::MIN, Duration::from_secs(u64::MAX), true),
            (i64::MAX, Duration::from_secs(u64::MAX), false),
            (0, Duration::from_secs(u64::MAX), true),
            (0, Duration::from_secs(u64::MAX), false),
            (-1, Duration::new(0, 1), true),
            (i64::MAX, Duration::new(0, 999_999_999), true),
            (i64::MAX, Duration::new(1, 0), true),
            (i64::MIN, Duration::new(0, 1), false),
        ] {
            let t = NumericDate::from_secs(secs);
            let got = if add {
                t.saturating_add(d)
            } else {
                t.saturating_sub(d)
            };
            assert_eq!(parts(got), model(secs, 0, d, add), "{secs} {d:?} {add}");
        }
    }

    proptest::proptest! {
        #[test]
        fn numeric_date_arithmetic_matches_the_i128_model(
            secs in proptest::prelude::any::<i64>(),
            nanos in 0u32..1_000_000_000,
            d_secs in proptest::prelude::any::<u64>(),
            d_nanos in 0u32..1_000_000_000,
            add in proptest::prelude::any::<bool>(),
        ) {
            let base = NumericDate::from_secs(secs).saturating_add(Duration::new(0, nanos));
            let base_parts = parts(base);
            let d = Duration::new(d_secs, d_nanos);
            let got = if add { base.saturating_add(d) } else { base.saturating_sub(d) };
            proptest::prop_assert_eq!(parts(got), model(base_parts.0, base_parts.1, d, add));
        }
    }

    #[test]
    fn numeric_dates_parse_fractions_and_refuse_out_of_range() {
        assert_eq!(
            NumericDate::from_json_number("1300819380", true),
            Some(NumericDate::from_secs(1_300_819_380))
        );
        let f = NumericDate::from_json_number("1300819380.5", false).unwrap();
        assert_eq!(
            (f.as_secs(), f.subsec_nanos()),
            (1_300_819_380, 500_000_000)
        );
        let neg = NumericDate::from_json_number("-1.25", false).unwrap();
        assert_eq!((neg.as_secs(), neg.subsec_nanos()), (-2, 750_000_000));
        for bad in [
            ("1e400", false),
            ("9223372036854775808", true),
            ("1e19", false),
        ] {
            assert_eq!(NumericDate::from_json_number(bad.0, bad.1), None, "{bad:?}");
        }
    }

    #[test]
    fn numeric_date_arithmetic_saturates() {
        let max = NumericDate::from_secs(i64::MAX);
        assert_eq!(
            max.saturating_add(Duration::from_secs(u64::MAX)).as_secs(),
            i64::MAX
        );
        let min = NumericDate::from_secs(i64::MIN);
        assert_eq!(
            min.saturating_sub(Duration::from_secs(1)).as_secs(),
            i64::MIN
        );
        let t = NumericDate::from_secs(10).saturating_sub(Duration::from_millis(1500));
        assert_eq!((t.as_secs(), t.subsec_nanos()), (8, 500_000_000));
    }
}
