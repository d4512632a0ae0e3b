//! Prints the package's TypeScript declarations, generated from the wire
//! declarations: `cargo run --example typescript > src/wasm/types.d.ts`.

fn main() {
    print!("{}", orgpolicy::typescript::typescript());
}
