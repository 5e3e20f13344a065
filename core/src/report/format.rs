//! Numbers formatted for people: `1,234,567`, `12.5%`, `1.2 M`.

/// Shown where a number is not finite (it never should be).
const NOT_A_NUMBER: &str = "\u{2013}";

/// Digits with a comma between thousands: `1234567.4` -> `1,234,567`.
pub(crate) fn int(x: f64) -> String {
    if !x.is_finite() {
        return NOT_A_NUMBER.to_owned();
    }
    let r = x.round();
    let negative = r < 0.0 && r != 0.0;
    // `{:.0}` prints every digit of any finite f64, without exponent.
    let digits = format!("{:.0}", r.abs());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if negative {
        out.push('-');
    }
    let n = digits.len();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count: `int` of a `usize`.
pub(crate) fn count(n: usize) -> String {
    // usize -> f64 is exact for any count a catalogue can hold.
    int(n as f64)
}

/// A share 0..1 as a percentage with at most one decimal: `0.125` ->
/// `12.5%`, `0.5` -> `50%`.
pub(crate) fn pct(share: f64) -> String {
    if !share.is_finite() {
        return NOT_A_NUMBER.to_owned();
    }
    let p = (share * 1000.0).round() / 10.0;
    if p.fract() == 0.0 {
        format!("{}%", int(p))
    } else {
        let whole = int(p.trunc());
        let tenth = ((p.abs() * 10.0).round() as i64) % 10;
        let sign = if p < 0.0 && p.trunc() == 0.0 { "-" } else { "" };
        format!("{sign}{whole}.{tenth}%")
    }
}

/// A large number in short form: below a million in full (`12,345`),
/// then `1.2 M`, `3.4 B` (one decimal, dropped when `.0`).
pub(crate) fn compact(x: f64) -> String {
    if !x.is_finite() {
        return NOT_A_NUMBER.to_owned();
    }
    let a = x.abs();
    let (div, unit) = if a >= 999_950_000_000.0 {
        (1e12, "T")
    } else if a >= 999_950_000.0 {
        (1e9, "B")
    } else if a >= 999_950.0 {
        (1e6, "M")
    } else {
        return int(x);
    };
    let v = ((x / div) * 10.0).round() / 10.0;
    if v.fract() == 0.0 {
        format!("{} {unit}", int(v))
    } else {
        format!("{v:.1} {unit}")
    }
}

/// A number with two decimals and thousands separators: `1234.5` ->
/// `1,234.50` (cost per transaction).
pub(crate) fn decimal2(x: f64) -> String {
    if !x.is_finite() {
        return NOT_A_NUMBER.to_owned();
    }
    let cents = (x.abs() * 100.0).round();
    let whole = (cents / 100.0).trunc();
    let frac = cents - whole * 100.0;
    let sign = if x < 0.0 && cents > 0.0 { "-" } else { "" };
    format!("{sign}{}.{:02}", int(whole), frac as u64)
}

/// A plain number for a `data-value` attribute (machine-readable, for
/// sorting): finite values only.
pub(crate) fn raw(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(int(0.0), "0");
        assert_eq!(int(999.0), "999");
        assert_eq!(int(1000.0), "1,000");
        assert_eq!(int(1_234_567.4), "1,234,567");
        assert_eq!(int(-1_234_567.6), "-1,234,568");
        assert_eq!(int(-0.2), "0");
        assert_eq!(int(f64::NAN), NOT_A_NUMBER);
        assert_eq!(count(12_345), "12,345");
    }

    #[test]
    fn percentages_have_one_decimal_at_most() {
        assert_eq!(pct(0.125), "12.5%");
        assert_eq!(pct(0.5), "50%");
        assert_eq!(pct(1.0), "100%");
        assert_eq!(pct(0.0), "0%");
        assert_eq!(pct(0.33333), "33.3%");
        assert_eq!(pct(0.9999), "100%");
        assert_eq!(pct(0.0004), "0%");
        assert_eq!(pct(0.001), "0.1%");
        assert_eq!(pct(12.345), "1,234.5%");
        assert_eq!(pct(f64::INFINITY), NOT_A_NUMBER);
    }

    #[test]
    fn large_numbers_are_short() {
        assert_eq!(compact(999.0), "999");
        assert_eq!(compact(123_456.0), "123,456");
        assert_eq!(compact(1_234_567.0), "1.2 M");
        assert_eq!(compact(2_000_000.0), "2 M");
        assert_eq!(compact(999_999.0), "1 M");
        assert_eq!(compact(3_450_000_000.0), "3.5 B");
        assert_eq!(compact(-1_500_000.0), "-1.5 M");
    }

    #[test]
    fn money_has_two_decimals() {
        assert_eq!(decimal2(12.5), "12.50");
        assert_eq!(decimal2(1234.567), "1,234.57");
        assert_eq!(decimal2(0.0), "0.00");
        assert_eq!(decimal2(-3.1), "-3.10");
    }
}
