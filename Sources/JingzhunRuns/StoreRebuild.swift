import JingzhunCore
import JingzhunIO
import JingzhunIngest
import JingzhunStore
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// `jingzhun rebuild`: recovery of a damaged store (issue 13).
///
/// Under the run lock, before the stages run:
/// 1. the submissions ledger of the damaged store is read if it still can be; every submission
///    it records as in force must still be in the inbox with the same bytes (content hash), else
///    the rebuild refuses (exit 65) naming it — the rebuilt store would silently lack it. When the
///    ledger itself is unreadable, the rebuild proceeds from the inbox alone, and says so;
/// 2. the damaged store is moved aside to `<output>/store.damaged-{run-id}` (kept for
///    inspection; delete it once satisfied), with the compute, render and store-version state
///    and any staged batches, so nothing of the old store is trusted;
/// 3. the whole pipeline runs on a new store: every submission in the inbox is read again in
///    (province, year, revision) order, indicators are computed and reports rendered for every
///    year. With the same inbox this gives the same exports and reports as a run that never
///    saw damage (a fresh run of an inbox reproduces the nightly history; docs/architecture.md).
enum StoreRebuild {
    /// Prepares the output folder for a rebuild; nil when the stages may run, else how the run ends.
    static func prepare(config: PipelineConfig, runID: String, log: Logger) -> RunEnd? {
        let storeRoot = config.output + "/store"
        let store = Store(root: storeRoot)
        if FilePath.isDirectory(storeRoot) {
            do {
                // A store without its ledger (other tables written, `submissions` gone) has no
                // record of what was in force: that is an unreadable ledger, not an empty one.
                let versions = try store.versions()
                if versions[.submissions] == nil && versions.entries.contains(where: { $0.version > 0 }) {
                    throw StoreError(.damaged, "the submissions table is missing", path: storeRoot + "/submissions")
                }
                let inForce = try store.snapshot().inForce()
                let discovery = try SubmissionDiscovery.discover(
                    inbox: config.inbox, hashCache: InboxHashCacheFile.read(output: config.output))
                let present = Set(discovery.submissions.map(\.contentHash))
                let missing = inForce.filter { !present.contains($0.contentHash) }
                if !missing.isEmpty {
                    let list = missing.map {
                        """
                        \($0.key.id) (files \($0.files.joined(separator: ", ")), content hash \
                        \($0.contentHash.prefix(16)))
                        """
                    }
                    return .storeDamaged(
                        "cannot rebuild the store: the submissions ledger holds in force "
                            + list.joined(separator: "; ")
                                + """
                                , no longer in the inbox \(config.inbox) with the same bytes; put the files back \
                                (from a backup) and run `jingzhun rebuild` again. Nothing was changed.
                                """
                    )
                }
                log.notice(
                    """
                    rebuild: the submissions ledger lists \(inForce.count) submissions in force, all present in \
                    the inbox
                    """
                )
            } catch let error as IngestError {
                return .usage("cannot scan the inbox: \(error)")
            } catch {
                log.warning(
                    """
                    rebuild: the submissions ledger is unreadable (\(error)); rebuilding from every submission in \
                    the inbox
                    """
                )
            }
            let aside = config.output + "/store.damaged-" + runID
            do {
                try POSIXFileSystem().rename(storeRoot, to: aside)  // syncs the output folder
            } catch {
                return .internalError("cannot move the damaged store \(storeRoot) aside to \(aside): \(error.reason)")
            }
            log.notice(
                "rebuild: the damaged store was moved aside to \(aside) (delete it once the rebuilt store is checked)")
        }
        for state in ["compute.json", "render.json", "store-versions.json"] {
            FilePath.removeTree(config.output + "/state/" + state)
        }
        FilePath.removeTree(config.output + "/staging")
        return nil
    }
}

/// A rebuild that refused before changing anything (how the run ends is in `end`).
struct RebuildRefused: Error {
    var end: RunEnd
}
