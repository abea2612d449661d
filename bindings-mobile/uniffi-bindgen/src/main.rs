//! `uniffi-bindgen`: generates the Kotlin and Swift sources of blajarplus-mobile.
//! Usage (library mode): `uniffi-bindgen generate --library <libblajarplus_mobile.so>
//! --language kotlin --out-dir <dir>`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
