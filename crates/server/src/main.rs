//! The `sabot` binary: parses the command line and runs the server until Ctrl-C or SIGTERM.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use sabot_server::cli::{Cli, Command};
use sabot_server::server::Server;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let args = match cli.command {
        Command::Server(args) => args,
        Command::Functions => return list_functions(),
    };
    let filter = tracing_subscriber::EnvFilter::try_new(&args.log_level)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();

    // Planning recurses over the plan tree (our resolver, DataFusion's analyzer and optimizer):
    // the TPC-DS queries' deep join trees overflow tokio's default 2 MiB worker stack. The
    // stack is reserved address space, committed only as far as it is used.
    const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(WORKER_STACK_BYTES)
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("sabot: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        let options = args.options()?;
        let server = Server::bind(options).await?;
        let addr = server.local_addr()?;
        println!("Sabot Spark Connect server listening on {addr}");
        let _ = std::io::stdout().flush();
        server.serve(shutdown_signal()).await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sabot: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `sabot functions`: the registry's names, kinds and statuses.
fn list_functions() -> ExitCode {
    let mut out = std::io::stdout().lock();
    for f in sabot_functions::entries() {
        let kind = match f.kind {
            sabot_functions::FunctionKind::Scalar => "scalar",
            sabot_functions::FunctionKind::Aggregate => "aggregate",
            sabot_functions::FunctionKind::Window => "window",
            sabot_functions::FunctionKind::Generator => "generator",
        };
        let status = if sabot_functions::is_unsupported(f.name) {
            "unsupported"
        } else {
            "supported"
        };
        if writeln!(out, "{}\t{kind}\t{status}", f.name).is_err() {
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown signal received");
}
