//! The bundled Noto Sans (OFL, `assets/fonts`), built in once: the printed ticket is drawn
//! with it and the web pages are served it, so Vietnamese looks the same everywhere.

/// Noto Sans Regular.
pub static REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
/// Noto Sans Bold.
pub static BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");
