//! The IR target streams: rendering a large catalog's IR into a writer
//! never holds the document. A test binary of its own, because it counts
//! every allocation of the process (with one test, nothing else runs).

mod support;

use errgen::generate::{Options, Target};
use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting the bytes allocated and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Ordering::SeqCst) + bytes;
    PEAK.fetch_max(live, Ordering::SeqCst);
}

// SAFETY: every call is passed on to `System` unchanged; only counters are
// added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let q = unsafe { System.realloc(p, layout, size) };
        if !q.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
            grew(size);
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A writer that keeps nothing: it counts the bytes.
struct ByteCount(usize);

impl io::Write for ByteCount {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn the_ir_is_written_without_holding_the_document() {
    let mut source = String::from("catalog big {\n  locales en, zh\n}\n");
    for i in 0..6_000 {
        let _ = write!(
            source,
            "error entry_{i} = {i} {{\n  param name: string\n  message en \"Entry {i} failed for {{name}}\u{200b}.\"\n  message zh \"条目 {i} 失败：{{name}}。\"\n}}\n"
        );
    }
    let catalog = support::load_source("big.errors", &source);
    let files = Target::Ir.plan(&catalog, &Options::new());

    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let mut out = ByteCount(0);
    files[0].write_to(&mut out).unwrap();
    let extra = PEAK.load(Ordering::SeqCst) - before;

    assert!(out.0 > 5_000_000, "a large document: {} bytes", out.0);
    assert!(
        extra < 256 * 1024,
        "rendering {} bytes of IR held {extra} bytes at its peak",
        out.0
    );
}
