//! A window's size as the apps take it on the command line: `--size 1920x1080`.

/// `WIDTHxHEIGHT` in pixels, e.g. `1920x1080`.
pub fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let (w, h) = text
        .split_once('x')
        .ok_or("a size is WIDTHxHEIGHT, e.g. 1920x1080")?;
    let n = |s: &str| {
        s.parse::<u32>()
            .map_err(|_| format!("{s:?} is not a number of pixels"))
    };
    Ok((n(w)?, n(h)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_size_is_width_by_height() {
        assert_eq!(parse_size("1366x768"), Ok((1366, 768)));
        assert_eq!(
            parse_size("1366"),
            Err("a size is WIDTHxHEIGHT, e.g. 1920x1080".to_string())
        );
        assert_eq!(
            parse_size("1366xbig"),
            Err("\"big\" is not a number of pixels".to_string())
        );
    }
}
