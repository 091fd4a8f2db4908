//! Compiles the counter app's and the wall display's Slint UI (one file exports both) with its translations bundled in.
//!
//! Debug info stays on in every profile: the UI tests find elements by their accessible
//! labels, which needs it, and it costs a few kilobytes.

fn main() {
    let config = slint_build::CompilerConfiguration::new()
        .with_bundled_translations("lang")
        .with_debug_info(true)
        .with_default_translation_context(slint_build::DefaultTranslationContext::None);
    if let Err(e) = slint_build::compile_with_config("ui/app.slint", config) {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
