# The two commands of the README.
.PHONY: quickstart test

# The main job: the quickstart story on embedded SQLite.
quickstart:
	cargo run --example quickstart

# Every test: Rust on SQLite and a throwaway PostgreSQL, examples, Python, Node, Kotlin, the book.
test:
	bash .ci/test-all.sh
