// rassegna-index: builds or updates a Rassegna database from article files.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <unistd.h>

#include <rassegna/collection.h>
#include <rassegna/error.h>
#include <rassegna/paths.h>
#include <rassegna/schema.h>

#include "indexer/entities/company_tagger.h"
#include "indexer/indexing_run.h"
#include "indexer/collection_writer.h"
#include "indexer/compact.h"
#include "indexer/watch.h"
#include "indexer/ingest/csv_reader.h"
#include "rassegna_version.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitSkipped = 3;

std::string format_count(size_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string format_duration(double seconds) {
  int s = static_cast<int>(seconds + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d:%02d", s / 60, s % 60);
  return buf;
}

void draw_progress(const rassegna::IndexProgress& p) {
  double fraction = p.bytes_total > 0 ? static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total) : 0;
  if (fraction > 1) fraction = 1;
  constexpr int kWidth = 30;
  int filled = static_cast<int>(fraction * kWidth);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(kWidth - filled), '.');
  double rate = p.seconds > 0 ? static_cast<double>(p.articles) / p.seconds : 0;
  std::string eta = fraction > 0.01 ? format_duration(p.seconds * (1 - fraction) / fraction) : "?";
  std::fprintf(stderr, "\r[%s] %3d%%  %s articles  %s/s  ETA %s   ", bar.c_str(), static_cast<int>(fraction * 100),
               format_count(p.articles).c_str(), format_count(static_cast<size_t>(rate)).c_str(), eta.c_str());
  std::fflush(stderr);
}

std::string read_whole(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int main(int argc, char** argv) {
  rassegna::collection::raise_open_file_limit();  // a collection holds files open per partition
  CLI::App app{
      "Builds or updates a Rassegna search database from article files.\n"
      "Inputs: .jsonl (one JSON article a line), .txt (one article a file), RSS/Atom feeds (.rss, .atom, .xml),\n"
      "web pages (.html), crawls (.warc), spreadsheets (.csv, .tsv), any of them gzipped (.gz), or folders of them.\n"
      "With --watch DIR it then keeps indexing the files completed in DIR until Ctrl-C or SIGTERM.\n"
      "Re-indexing an article id replaces it. Exit status: 0 all indexed, 3 some records skipped (see the\n"
      "messages) or --delete ids not found, 1 the run failed, 2 bad usage.",
      "rassegna-index"};
  std::string db_path;
  std::vector<std::string> inputs;
  std::vector<std::string> delete_ids;
  std::string gazetteer_path;
  std::string issues_path;
  bool no_companies = false;
  bool retag = false;
  bool compact = false;
  bool quiet = false;
  size_t batch = rassegna::IndexWriterOptions{}.batch_size;
  size_t threads = 0;
  std::string partition;
  std::string watch_dir;
  double commit_interval = 5;
  size_t segment_size = 0;
  constexpr size_t kWatchSegmentSize = 25000;
  std::string format;
  std::string csv_map;
  app.add_option("--db", db_path, "Database folder to create or update")->required();
  app.add_option("inputs", inputs, "Files or folders to index");
  app.add_option("--delete", delete_ids, "Remove the article with this id (repeatable)")
      ->allow_extra_args(false);  // one id per --delete, so inputs may follow it
  app.add_option("--partition", partition,
                 "Make --db a collection of one database per period (month or year, plus one for undated\n"
                 "articles) with a Xapian stub file listing them; later runs keep its partitioning")
      ->check(CLI::IsMember({"month", "year"}));
  app.add_option("--watch", watch_dir,
                 "After the INPUTs, index the files in this folder and every file completed in it later\n"
                 "(closed after writing, or renamed into it), until Ctrl-C or SIGTERM")
      ->check(CLI::ExistingDirectory);
  app.add_option("--commit-interval", commit_interval, "With --watch: seconds between commits, at least")
      ->check(CLI::Range(0.0, 86400.0))
      ->capture_default_str();
  CLI::Option* segment_option =
      app.add_option("--segment-size", segment_size,
                     "In a collection: once a period's newest database holds this many articles, start a new\n"
                     "segment of the period (0: never; default 0, and " +
                         std::to_string(kWatchSegmentSize) +
                         " with --watch: a feed's commits stay cheap);\n--compact merges a period's sealed segments");
  app.add_option("--gazetteer", gazetteer_path, "Company gazetteer TSV (default: corpus/companies.tsv)");
  app.add_flag("--no-companies", no_companies, "Do not tag companies (keep only the inputs' own orgs)");
  app.add_flag("--retag", retag, "Re-tag the companies of every article already in the database");
  app.add_flag("--compact", compact,
               "After any INPUTs: compact the database; on a collection, merge the partitions of past periods\n"
               "(not the current one, nor undated) into one archive database; a late article for an archived\n"
               "period is still accepted (into the archive)");
  app.add_option("--batch", batch, "Articles per commit")->check(CLI::Range(1, 10000000));
  app.add_option("--threads", threads,
                 "Writer threads for a new database (0: one per core; its shards are merged at the end)")
      ->capture_default_str();
  app.add_option("--format", format,
                 "Read every input as FORMAT: " + rassegna::ingest::format_names() +
                     " (default: by extension, then by content)");
  app.add_option("--csv-map", csv_map,
                 "CSV/TSV columns for article fields, as field=column,... (fields: id, title, body, date, lang, "
                 "source, url, orgs); the header's usual names need no mapping");
  app.add_option("--issues", issues_path, "Also write every skipped or repaired record to this file");
  app.add_flag("-q,--quiet", quiet, "No progress bar and no summary");
  app.set_version_flag("--version", std::string("rassegna-index ") + RASSEGNA_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (compact && !watch_dir.empty()) {
    std::cerr << "rassegna-index: --compact and --watch: a watch runs until stopped; compact in a run of its own\n";
    return kExitUsage;
  }
  if (inputs.empty() && delete_ids.empty() && !retag && watch_dir.empty() && !compact) {
    std::cerr << "rassegna-index: nothing to do: give INPUT files or folders, --watch DIR, --delete ID, --retag or "
                 "--compact\n"
              << "Run with --help for more information.\n";
    return kExitUsage;
  }

  rassegna::ingest::ReaderOptions reader_options;
  if (!format.empty()) {
    reader_options.format = rassegna::ingest::parse_format_name(format);
    if (!reader_options.format) {
      std::cerr << "rassegna-index: --format: unknown format '" << format << "'; expected one of "
                << rassegna::ingest::format_names() << "\n";
      return kExitUsage;
    }
  }
  if (!csv_map.empty()) {
    std::string error;
    reader_options.csv_map = rassegna::ingest::parse_csv_map(csv_map, error);
    if (!error.empty()) {
      std::cerr << "rassegna-index: --csv-map: " << error << "\n";
      return kExitUsage;
    }
  }

  try {
    // `--db data/news.db` in a fresh checkout: the folders above the database are made, as
    // `mkdir -p` would (the database and a bulk load's shards are made beside each other there).
    if (const std::filesystem::path parent = std::filesystem::path(db_path).parent_path(); !parent.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(parent, ec);
      if (ec) {
        std::cerr << "rassegna-index: --db: cannot make the folder " << parent.string() << ": " << ec.message() << "\n";
        return kExitFailure;
      }
    }
    std::unique_ptr<rassegna::entities::Gazetteer> gazetteer;
    std::unique_ptr<rassegna::entities::CompanyTagger> tagger;
    std::vector<std::pair<std::string, std::string>> metadata;
    if (!no_companies) {
      if (gazetteer_path.empty()) gazetteer_path = rassegna::default_gazetteer_path();
      if (gazetteer_path.empty()) {
        std::cerr << "rassegna-index: warning: no company gazetteer found (give --gazetteer FILE); "
                     "companies come only from the inputs' orgs\n";
      } else {
        gazetteer = std::make_unique<rassegna::entities::Gazetteer>(rassegna::entities::Gazetteer::load(gazetteer_path));
        tagger = std::make_unique<rassegna::entities::CompanyTagger>(*gazetteer);
        metadata.emplace_back(std::string(rassegna::schema::kGazetteerMetadataKey), read_whole(gazetteer_path));
      }
    }
    rassegna::IndexWriterOptions writer_options;
    writer_options.batch_size = batch;
    writer_options.segment_docs = segment_option->count() > 0 ? segment_size : watch_dir.empty() ? 0 : kWatchSegmentSize;
    if (segment_option->count() > 0 && segment_size > 0 && !quiet &&
        !rassegna::CollectionWriter::is_collection(
            db_path, partition.empty() ? std::nullopt : rassegna::collection::parse_granularity(partition))) {
      std::cerr << "rassegna-index: --segment-size applies to a collection (--partition); '" << db_path
                << "' is one database, which takes every article\n";
    }

    if (retag) {
      if (!tagger) {
        std::cerr << "rassegna-index: --retag needs a gazetteer (--gazetteer FILE)\n";
        return kExitUsage;
      }
      size_t changed = rassegna::retag_database(db_path, *tagger, metadata, writer_options);
      if (!quiet) std::cerr << "rassegna-index: re-tagged " << format_count(changed) << " articles\n";
      if (inputs.empty() && delete_ids.empty() && watch_dir.empty() && !compact) return kExitOk;
    }
    auto run_compact = [&] {
      for (const auto& o : rassegna::compact_database(db_path, std::time(nullptr))) {
        if (quiet && o.what != rassegna::CompactOutcome::What::busy) continue;
        std::ostringstream line;
        line << "rassegna-index: " << o.name << ": ";
        switch (o.what) {
          case rassegna::CompactOutcome::What::compacted:
            line.precision(1);
            line << std::fixed << "compacted, " << static_cast<double>(o.bytes_before) / 1e6 << " -> "
                 << static_cast<double>(o.bytes_after) / 1e6 << " MB in " << o.seconds << " s";
            break;
          case rassegna::CompactOutcome::What::unchanged: line << "already compacted, unchanged since"; break;
          case rassegna::CompactOutcome::What::current: line << "left as is: " << o.detail; break;
          case rassegna::CompactOutcome::What::busy: line << "skipped: " << o.detail; break;
          case rassegna::CompactOutcome::What::archived: line << "merged into " << o.detail; break;
        }
        std::cerr << line.str() << "\n";
      }
    };
    if (compact && inputs.empty() && delete_ids.empty()) {
      run_compact();
      return kExitOk;
    }

    const bool tty = !quiet && isatty(STDERR_FILENO);
    std::ofstream issues_file;
    if (!issues_path.empty()) {
      issues_file.open(issues_path);
      if (!issues_file) throw rassegna::Error(rassegna::ErrorCode::io_error, "cannot write '" + issues_path + "'");
    }
    constexpr size_t kMaxPrinted = 50;
    size_t printed = 0;
    std::map<std::string, size_t> reasons;

    rassegna::IndexRunOptions options;
    options.db_path = db_path;
    options.inputs = inputs;
    options.reader = reader_options;
    options.delete_ids = delete_ids;
    options.writer = writer_options;
    options.threads = threads;
    if (!partition.empty()) options.partition = rassegna::collection::parse_granularity(partition);
    options.tagger = tagger.get();
    options.metadata = metadata;
    options.on_issue = [&](const rassegna::ingest::IngestIssue& issue) {
      std::string line = issue.where.to_string() + ": " + (issue.skipped ? "skipped: " : "repaired: ") + issue.reason;
      if (issues_file) issues_file << line << '\n';
      ++reasons[std::string(issue.skipped ? "skipped: " : "repaired: ") +
                issue.reason.substr(0, issue.reason.find_first_of("('"))];
      if (printed < kMaxPrinted) {
        if (tty) std::cerr << "\r\033[K";
        std::cerr << line << '\n';
      } else if (printed == kMaxPrinted) {
        std::cerr << "rassegna-index: more problems follow; the summary counts them"
                  << (issues_path.empty() ? " (--issues FILE lists them all)" : "") << '\n';
      }
      ++printed;
    };
    std::map<std::string, size_t> passed_over;
    options.on_note = [&](const rassegna::ingest::IngestIssue& note) { ++passed_over[note.reason]; };
    if (tty) options.on_progress = draw_progress;

    rassegna::IndexStats s;
    if (!inputs.empty() || !delete_ids.empty()) s = rassegna::run_indexing(options);
    if (compact) run_compact();
    if (!watch_dir.empty()) {
      if (tty) std::cerr << "\r\033[K";
      rassegna::WatchOptions w;
      w.db_path = db_path;
      w.folder = watch_dir;
      w.commit_interval = std::chrono::milliseconds(static_cast<int64_t>(commit_interval * 1000));
      w.partition = options.partition;
      w.writer = writer_options;
      w.tagger = tagger.get();
      w.metadata = metadata;
      w.reader = reader_options;
      // The watch reads on one thread and writes on another: both report, one line at a time.
      std::mutex report;
      w.on_issue = [&](const rassegna::ingest::IngestIssue& issue) {  // every one: a watch runs for days
        std::string line = issue.where.to_string() + ": " + (issue.skipped ? "skipped: " : "repaired: ") + issue.reason;
        std::lock_guard<std::mutex> hold(report);
        if (issues_file) issues_file << line << std::endl;
        std::cerr << "rassegna-index: " << line << std::endl;
      };
      w.log = [&](const std::string& line) {
        std::lock_guard<std::mutex> hold(report);
        if (!quiet) std::cerr << "rassegna-index: " << line << std::endl;
      };
      rassegna::IndexStats ws = rassegna::watch_folder(w);
      s.files += ws.files;
      s.records += ws.records;
      s.added += ws.added;
      s.replaced += ws.replaced;
      s.skipped += ws.skipped;
      s.repaired += ws.repaired;
      s.bytes += ws.bytes;
      s.seconds += ws.seconds;
    }
    if (tty) std::cerr << "\r\033[K";
    if (!quiet) {
      double rate = s.seconds > 0 ? static_cast<double>(s.added + s.replaced) / s.seconds : 0;
      std::cerr << "rassegna-index: " << format_count(s.records) << " records from " << s.files << " files in "
                << std::fixed;
      std::cerr.precision(1);
      std::cerr << s.seconds << " s (" << format_count(static_cast<size_t>(rate)) << " articles/s, ";
      std::cerr.precision(2);
      std::cerr << (s.seconds > 0 ? static_cast<double>(s.bytes) / 1e6 / s.seconds : 0) << " MB/s)\n"
                << "  added     " << format_count(s.added) << "\n"
                << "  replaced  " << format_count(s.replaced) << "\n"
                << "  skipped   " << format_count(s.skipped) << "\n"
                << "  repaired  " << format_count(s.repaired) << " (indexed)\n";
      if (!delete_ids.empty()) {
        std::cerr << "  deleted   " << format_count(s.deleted);
        if (s.delete_missing > 0) std::cerr << " (" << s.delete_missing << " ids not found)";
        std::cerr << "\n";
      }
      for (const auto& [reason, count] : reasons) std::cerr << "    " << format_count(count) << " x " << reason << "\n";
      if (s.passed_over > 0) {
        std::cerr << "  passed over " << format_count(s.passed_over) << " (not articles, as expected)\n";
        for (const auto& [reason, count] : passed_over) {
          std::cerr << "    " << format_count(count) << " x " << reason << "\n";
        }
      }
      std::cerr << "  database  " << db_path << "\n";
    }
    if (!watch_dir.empty()) return kExitOk;  // a watch stopped cleanly; its problems were logged
    return s.skipped > 0 || s.delete_missing > 0 ? kExitSkipped : kExitOk;
  } catch (const rassegna::Error& e) {
    std::cerr << "rassegna-index: " << e.what() << '\n';
    return e.code() == rassegna::ErrorCode::invalid_argument ? kExitUsage : kExitFailure;
  } catch (const Xapian::Error& e) {
    std::cerr << "rassegna-index: database error: " << e.get_description() << '\n';
    if (e.get_description().find("No space left on device") != std::string::npos) {
      std::cerr << "rassegna-index: the disk holding " << db_path
                << " is full; the database keeps its last commit. Free space and run the same command"
                   " again: articles already indexed are replaced, not added twice.\n";
    }
    return kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << "rassegna-index: " << e.what() << '\n';
    return kExitFailure;
  }
}
