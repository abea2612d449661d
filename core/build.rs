// `sqlx::migrate!` embeds the SQL files at compile time; make cargo notice new or edited ones.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=../migrations");
}
