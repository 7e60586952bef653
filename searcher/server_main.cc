// rassegna-server: serves the JSON search API and the browser page over HTTP.
#include <CLI/CLI.hpp>
#include <cstring>
#include <iostream>
#include <signal.h>

#include <rassegna/collection.h>
#include <rassegna/error.h>

#include "rassegna_version.h"
#include "searcher/api/http_server.h"
#include "searcher/query/searcher.h"

int main(int argc, char** argv) {
  rassegna::collection::raise_open_file_limit();  // a collection holds files open per partition
  CLI::App app{"Serves a Rassegna database over HTTP: the JSON API under /api/ (see /api/openapi.json)\n"
               "and the browser page at /. Stops cleanly on SIGINT or SIGTERM.",
               "rassegna-server"};
  rassegna::api::ServerOptions options;
  bool quiet = false;
  bool no_web = false;
  app.add_option("--db", options.db_path, "Database folder (made by rassegna-index; may appear later)")->required();
  app.add_option("--host", options.host, "Address to listen on (loopback unless told otherwise)")
      ->capture_default_str();
  app.add_option("--port", options.port, "Port to listen on (0: any free port, printed at start)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.add_option("--threads", options.threads, "Search workers, one database handle each (default: CPU cores)")
      ->check(CLI::Range(1, 1024));
  app.add_option("--connections", options.connection_threads,
                 "Threads answering requests; idle or half-sent connections hold none (default: 64, or 4 per worker when more)")
      ->check(CLI::Range(1, 4096));
  app.add_option("--max-connections", options.max_connections,
                 "Open connections at once, beyond which new ones get a 503 (default: from the descriptor limit, at most 10000)")
      ->check(CLI::Range(1, 1000000));
  app.add_option("--web", options.web_dir, "Folder of the browser page (default: web/ of the checkout)");
  app.add_flag("--no-web", no_web, "Serve the API only");
  app.add_option("--cors", options.cors_origin, "Allow this origin (or *) to call the API from a browser (default: off)");
  int remote_timeout_ms = static_cast<int>(options.remote.timeout.count());
  app.add_option("--remote-timeout", remote_timeout_ms,
                 "Milliseconds a remote part (xapian-tcpsrv) may take per operation before a search answers without it")
      ->check(CLI::Range(1, 600000))
      ->capture_default_str();
  app.add_flag("-q,--quiet", quiet, "No access log");
  app.set_version_flag("--version", std::string("rassegna-server ") + RASSEGNA_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  options.access_log = !quiet;
  options.remote.timeout = std::chrono::milliseconds(remote_timeout_ms);
  if (no_web) {
    options.web_dir.clear();
  } else if (options.web_dir.empty()) {
    options.web_dir = rassegna::api::default_web_dir();
  }

  // SIGINT and SIGTERM are taken with sigtimedwait below, never by a handler: block them before
  // any thread starts so that every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a client that hangs up must not kill the server

  // Waiting connections cost a descriptor each: use what the hard limit allows.
  rassegna::api::raise_descriptor_limit(options.max_connections > 0 ? options.max_connections + 1024 : 16384);

  try {
    try {
      rassegna::Searcher probe(options.db_path);
    } catch (const rassegna::Error& e) {
      std::cerr << "rassegna-server: warning: " << e.what()
                << "; the API answers 503 until the database can be read\n";
    }
    rassegna::api::HttpServer server(options);
    const int port = server.start();
    std::cerr << "rassegna-server: listening on http://" << options.host << ":" << port << "/ ("
              << server.workers() << " workers, " << server.connection_threads() << " connection threads, database "
              << options.db_path << ", page " << (server.web_dir().empty() ? std::string("none") : server.web_dir())
              << ")" << std::endl;

    int signal_number = 0;
    const timespec tick{0, 200 * 1000 * 1000};
    while (server.running()) {
      signal_number = sigtimedwait(&stop_signals, nullptr, &tick);
      if (signal_number > 0) break;
    }
    if (signal_number > 0) std::cerr << "rassegna-server: " << strsignal(signal_number) << ", stopping\n";
    server.stop();
    if (signal_number <= 0) {
      std::cerr << "rassegna-server: the HTTP server stopped unexpectedly\n";
      return 1;
    }
    std::cerr << "rassegna-server: stopped\n";
    return 0;
  } catch (const rassegna::Error& e) {
    std::cerr << "rassegna-server: " << e.what() << '\n';
    return e.code() == rassegna::ErrorCode::invalid_argument ? 2 : 1;
  } catch (const std::exception& e) {
    std::cerr << "rassegna-server: " << e.what() << '\n';
    return 1;
  }
}
