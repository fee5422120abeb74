//! The `govmat` binary. The command line lives in `cli`, so `src/` beside it shows the library's
//! use-case API alone.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
