//! Working-time calendars at minute resolution.

/// Parses `HH:MM` (00:00 to 24:00) into minutes after midnight.
///
/// # Example
/// ```
/// assert_eq!(stratops::calendar::parse_clock("13:30"), Some(810));
/// assert_eq!(stratops::calendar::parse_clock("24:00"), Some(1440));
/// assert_eq!(stratops::calendar::parse_clock("24:01"), None);
/// ```
pub fn parse_clock(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    if b.len() != 5 || b[2] != b':' || !b[..2].iter().chain(&b[3..]).all(u8::is_ascii_digit) {
        return None;
    }
    let h: u32 = s[..2].parse().ok()?;
    let m: u32 = s[3..].parse().ok()?;
    let v = h * 60 + m;
    (m < 60 && v <= 1440).then_some(v)
}
