# The two commands of the README:
#   make demo   builds the CLI and runs the main job on an example plan
#   make test   installs what the tests need (idempotently) and runs every test
.PHONY: demo test test-rust lint

demo:
	cargo run --release -q -p stratops-cli -- validate examples/plans/endpoint-security.json

test:
	bash scripts/test-all.sh

test-rust:
	cargo test --workspace

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
