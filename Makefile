# The two commands of the README:
#   make demo   builds the CLI and runs the main job on an example plan
#   make test   installs what the tests need (idempotently) and runs every test
.PHONY: demo test test-rust lint

demo:
	cargo build --release -q -p stratops-cli
	./target/release/stratops validate examples/plans/endpoint-security.json
	./target/release/stratops schedule examples/plans/endpoint-security.json
	./target/release/stratops budget examples/plans/endpoint-security.json
	./target/release/stratops scorecard examples/plans/endpoint-security.json --as-of 2025-12-05
	./target/release/stratops report examples/plans/endpoint-security.json --as-of 2025-12-05 --format md
	mkdir -p artifacts && ./target/release/stratops report examples/plans/endpoint-security.json --as-of 2025-12-05 --format html -o artifacts/endpoint-security-report.html
	@echo "HTML report: artifacts/endpoint-security-report.html"

test:
	bash scripts/test-all.sh

test-rust:
	cargo test --workspace

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
