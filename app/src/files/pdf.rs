//! PDFs judged by their structure, not their first bytes: the file must
//! parse (with `lopdf`), end at its last `%%EOF`, carry nothing that runs or
//! hides another file (JavaScript, launch actions, embedded files, rich
//! media, XFA), and its streams must not unpack beyond a bound.
//!
//! Every step is bounded, so a hostile file costs little to refuse:
//! - before parsing, the raw bytes are read once for the trailer and the
//!   names that make `lopdf` decode streams eagerly (`/XRef`, `/Prev`);
//!   encrypted files are refused, since what they hold cannot be judged;
//! - cross-reference streams are decoded by `lopdf` under
//!   [`LOAD_STREAM_LIMIT`] each;
//! - object streams are never left to `lopdf`: a load filter takes them
//!   aside and unpacks them here, under [`OBJECT_STREAMS_LIMIT`] in all and
//!   each contained object parsed from its own slice only (so one big object
//!   cannot be parsed again for every index entry that points into it);
//! - after parsing, every stream is decoded under [`STREAM_LIMIT`] each and
//!   [`DECODED_LIMIT`] together.

use super::UploadProblem;
use lopdf::{DecompressError, Dictionary, Document, LoadOptions, Object, ObjectId, Stream};
use std::cell::RefCell;
use std::collections::BTreeMap;

const MIB: usize = 1024 * 1024;

/// One cross-reference stream decoded while loading; 1 MiB lists 100,000s of objects.
pub const LOAD_STREAM_LIMIT: usize = MIB;

/// All object streams together, decoded while loading.
pub const OBJECT_STREAMS_LIMIT: usize = 8 * MIB;

/// One stream decoded after loading: an A3 page scanned at 300 dpi in colour is 52 MB.
pub const STREAM_LIMIT: usize = 64 * MIB;

/// All streams of one file decoded together.
pub const DECODED_LIMIT: usize = 256 * MIB;

/// Objects in one file (a 300-page document has a few thousand).
pub const MAX_OBJECTS: usize = 200_000;

/// Cross-reference sections (`/XRef`, `/Prev` names): each update of a file adds one.
pub const MAX_SECTIONS: usize = 64;

/// Checks the PDF in `bytes`; `Ok` means it may be stored as it is.
pub fn check(bytes: &[u8]) -> Result<(), UploadProblem> {
    ends_at_eof(bytes)?;
    let counts = NameCounts::of(bytes);
    if counts.encrypt > 0 {
        return Err(UploadProblem::PdfUnsupported);
    }
    // A stream whose `/Length` is another object makes `lopdf` fetch that
    // object while parsing, unpacking its object stream itself (without this
    // module's bounds): refused where the file has object streams at all.
    if counts.sections > MAX_SECTIONS || (counts.object_streams > 0 && counts.indirect_lengths > 0)
    {
        return Err(UploadProblem::PdfUnsupported);
    }
    let doc = load(bytes)?;
    if doc.objects.len() > MAX_OBJECTS {
        return Err(UploadProblem::PdfUnsupported);
    }
    if doc.catalog().is_err() || doc.page_iter().next().is_none() {
        return Err(UploadProblem::PdfUnreadable);
    }
    let trailer = Object::Dictionary(doc.trailer.clone());
    for object in std::iter::once(&trailer).chain(doc.objects.values()) {
        if let Some(problem) = forbidden_in(object) {
            return Err(problem);
        }
    }
    decoded_within_bounds(doc.objects.values())
}

/// PDF white-space (ISO 32000-1, 7.2.2): what may follow the final `%%EOF`.
fn is_pdf_space(b: u8) -> bool {
    matches!(b, b'\0' | b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// The file must end at its last `%%EOF`, and that marker must close a
/// `startxref <offset>` as a real PDF's does; anything after it (a page
/// appended to make a PDF+HTML polyglot) is refused.
pub fn ends_at_eof(bytes: &[u8]) -> Result<(), UploadProblem> {
    const EOF: &[u8] = b"%%EOF";
    let Some(at) = bytes.windows(EOF.len()).rposition(|w| w == EOF) else {
        return Err(UploadProblem::PdfUnreadable);
    };
    if !bytes[at + EOF.len()..].iter().all(|&b| is_pdf_space(b)) {
        return Err(UploadProblem::PdfAfterEnd);
    }
    // Backwards from `%%EOF`: white-space, digits, white-space, `startxref`.
    let before = &bytes[..at];
    let end = before.len()
        - before
            .iter()
            .rev()
            .take_while(|&&b| is_pdf_space(b))
            .count();
    let digits = before[..end]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let start = end - digits;
    let keyword = before[..start].len()
        - before[..start]
            .iter()
            .rev()
            .take_while(|&&b| is_pdf_space(b))
            .count();
    if digits == 0 || keyword == start || !before[..keyword].ends_with(b"startxref") {
        // A `startxref` earlier on: the PDF ended there and something followed.
        let ended_before = before.windows(9).any(|w| w == b"startxref");
        return Err(if ended_before {
            UploadProblem::PdfAfterEnd
        } else {
            UploadProblem::PdfUnreadable
        });
    }
    Ok(())
}

/// How often the raw file names what makes a reader do extra work.
#[derive(Debug, Default, PartialEq, Eq)]
struct NameCounts {
    /// `/XRef`, `/XRefStm` and `/Prev`: cross-reference sections to decode.
    sections: usize,
    /// `/Encrypt`: the file is encrypted.
    encrypt: usize,
    /// `/ObjStm`: object streams.
    object_streams: usize,
    /// `/Length 12 0 R`: stream lengths kept in another object.
    indirect_lengths: usize,
}

impl NameCounts {
    /// Reads every `/Name` in the raw bytes, `#xx` escapes decoded (so `/Pr#65v`
    /// counts as `/Prev`). Names inside compressed streams are not seen here;
    /// those are judged after parsing.
    fn of(bytes: &[u8]) -> NameCounts {
        let mut counts = NameCounts::default();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] != b'/' {
                i += 1;
                continue;
            }
            i += 1;
            let mut name = Vec::new();
            while i < bytes.len() && is_regular(bytes[i]) && name.len() < 16 {
                if bytes[i] == b'#' {
                    let hex = bytes
                        .get(i + 1..i + 3)
                        .and_then(|h| std::str::from_utf8(h).ok())
                        .and_then(|h| u8::from_str_radix(h, 16).ok());
                    if let Some(b) = hex {
                        name.push(b);
                        i += 3;
                        continue;
                    }
                }
                name.push(bytes[i]);
                i += 1;
            }
            match name.as_slice() {
                b"XRef" | b"XRefStm" | b"Prev" => counts.sections += 1,
                b"Encrypt" => counts.encrypt += 1,
                b"ObjStm" => counts.object_streams += 1,
                b"Length" if is_reference(&bytes[i..]) => counts.indirect_lengths += 1,
                _ => {}
            }
        }
        counts
    }
}

/// Whether `rest` starts with an indirect reference, `12 0 R`.
fn is_reference(rest: &[u8]) -> bool {
    let mut i = 0;
    for _ in 0..2 {
        while rest.get(i).is_some_and(|&b| is_pdf_space(b)) {
            i += 1;
        }
        let digits = rest[i.min(rest.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            return false;
        }
        i += digits;
    }
    while rest.get(i).is_some_and(|&b| is_pdf_space(b)) {
        i += 1;
    }
    rest.get(i) == Some(&b'R')
}

/// A byte that may stand in a name: not white-space, not a delimiter.
fn is_regular(b: u8) -> bool {
    !is_pdf_space(b) && !b"()<>[]{}/%".contains(&b)
}

/// What the load filter took aside: object streams' objects, unpacked here.
#[derive(Default)]
struct Aside {
    objects: BTreeMap<ObjectId, Object>,
    decoded: usize,
    refused: Option<UploadProblem>,
}

thread_local! {
    // `lopdf`'s load filter is a plain `fn`, so what it takes aside waits here;
    // `load` empties it before and after, on the one thread that parses.
    static ASIDE: RefCell<Aside> = RefCell::new(Aside::default());
}

/// Parses `bytes` with object streams unpacked under this module's bounds.
fn load(bytes: &[u8]) -> Result<Document, UploadProblem> {
    ASIDE.with(|aside| *aside.borrow_mut() = Aside::default());
    let options = LoadOptions {
        filter: Some(take_object_streams),
        max_decompressed_size: Some(LOAD_STREAM_LIMIT),
        ..LoadOptions::default()
    };
    let loaded = Document::load_mem_with_options(bytes, options);
    let aside = ASIDE.with(|aside| std::mem::take(&mut *aside.borrow_mut()));
    if let Some(problem) = aside.refused {
        return Err(problem);
    }
    let mut doc = loaded.map_err(|error| match error {
        lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. }) => {
            UploadProblem::PdfExpands {
                limit_bytes: LOAD_STREAM_LIMIT as u64,
            }
        }
        _ => UploadProblem::PdfUnreadable,
    })?;
    for (id, object) in aside.objects {
        // As `lopdf` does: an object written directly wins over a compressed copy.
        doc.objects.entry(id).or_insert(object);
    }
    Ok(doc)
}

/// `lopdf`'s load filter: keeps every object but object streams, which are
/// unpacked by [`Aside::unpack`] instead.
fn take_object_streams(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    match object {
        Object::Stream(stream) if stream.dict.has_type(b"ObjStm") => {
            ASIDE.with(|aside| aside.borrow_mut().unpack(stream));
            None
        }
        // `lopdf` keeps its own copy of a top-level object; the one returned
        // counts only for objects inside object streams, which never get here.
        _ => Some((id, object.clone())),
    }
}

impl Aside {
    fn refuse(&mut self, problem: UploadProblem) {
        self.refused.get_or_insert(problem);
    }

    /// Decodes one object stream within what is left of the bound and
    /// parses each object it indexes from its own slice of the content.
    fn unpack(&mut self, stream: &Stream) {
        if self.refused.is_some() {
            return;
        }
        let left = OBJECT_STREAMS_LIMIT.saturating_sub(self.decoded);
        let content = match stream.get_plain_content_with_limit(left) {
            Ok(content) => content,
            Err(lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. })) => {
                return self.refuse(UploadProblem::PdfExpands {
                    limit_bytes: OBJECT_STREAMS_LIMIT as u64,
                });
            }
            Err(_) => return self.refuse(UploadProblem::PdfUnreadable),
        };
        self.decoded += content.len();
        let first = stream
            .dict
            .get(b"First")
            .and_then(Object::as_i64)
            .ok()
            .and_then(|f| usize::try_from(f).ok())
            .filter(|&f| f <= content.len());
        let Some(first) = first else {
            return self.refuse(UploadProblem::PdfUnreadable);
        };
        let Ok(index) = std::str::from_utf8(&content[..first]) else {
            return self.refuse(UploadProblem::PdfUnreadable);
        };
        let numbers: Vec<Option<usize>> =
            index.split_whitespace().map(|n| n.parse().ok()).collect();
        // Each offset once, in order: its object runs to the next one.
        let mut entries: BTreeMap<usize, u32> = BTreeMap::new();
        for pair in numbers.chunks_exact(2) {
            let (Some(number), Some(offset)) = (pair[0], pair[1]) else {
                return self.refuse(UploadProblem::PdfUnreadable);
            };
            let (Ok(number), Some(at)) = (u32::try_from(number), first.checked_add(offset)) else {
                return self.refuse(UploadProblem::PdfUnreadable);
            };
            entries.entry(at).or_insert(number);
        }
        if self.objects.len() + entries.len() > MAX_OBJECTS {
            return self.refuse(UploadProblem::PdfUnsupported);
        }
        let starts: Vec<usize> = entries.keys().copied().collect();
        for (n, (&at, &number)) in entries.iter().enumerate() {
            let end = starts.get(n + 1).copied().unwrap_or(content.len());
            let Some(slice) = content.get(at..end.min(content.len())) else {
                continue;
            };
            if let Some(object) = parse_one(number, slice) {
                self.objects.entry((number, 0)).or_insert(object);
            }
        }
    }
}

/// Parses the object in `slice` (numbered `number`) with `lopdf`'s own
/// object-stream reader, given a one-entry stream holding just that slice.
fn parse_one(number: u32, slice: &[u8]) -> Option<Object> {
    let head = format!("{number} 0 ");
    let mut content = Vec::with_capacity(head.len() + slice.len());
    content.extend_from_slice(head.as_bytes());
    content.extend_from_slice(slice);
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"ObjStm".to_vec()));
    dict.set("N", 1);
    dict.set("First", head.len() as i64);
    let one = Stream::new(dict, content);
    lopdf::ObjectStream::new(&one)
        .ok()?
        .objects
        .remove(&(number, 0))
}

/// What a name found as a key or a value says about the document.
fn judge_name(name: &[u8]) -> Option<UploadProblem> {
    match name {
        b"JS" | b"JavaScript" => Some(UploadProblem::PdfJavascript),
        b"Launch" => Some(UploadProblem::PdfLaunch),
        b"EmbeddedFile" | b"EmbeddedFiles" | b"EF" | b"FileAttachment" | b"GoToE" => {
            Some(UploadProblem::PdfEmbeddedFile)
        }
        b"RichMedia" | b"RichMediaContent" | b"RichMediaExecute" | b"RichMediaSettings"
        | b"XFA" => Some(UploadProblem::PdfActiveContent),
        _ => None,
    }
}

/// The first forbidden thing named anywhere in `object` (dictionary keys and
/// name values, however deeply nested), if any.
pub fn forbidden_in(object: &Object) -> Option<UploadProblem> {
    let mut stack = vec![object];
    while let Some(object) = stack.pop() {
        let dict = match object {
            Object::Name(name) => {
                if let Some(problem) = judge_name(name) {
                    return Some(problem);
                }
                continue;
            }
            Object::Array(items) => {
                stack.extend(items);
                continue;
            }
            Object::Dictionary(dict) => dict,
            Object::Stream(stream) => &stream.dict,
            _ => continue,
        };
        for (key, value) in dict.iter() {
            if let Some(problem) = judge_name(key) {
                return Some(problem);
            }
            stack.push(value);
        }
    }
    None
}

/// Decodes every stream, refusing the file once one passes [`STREAM_LIMIT`]
/// or all together pass [`DECODED_LIMIT`]. Streams in a form `lopdf` does not
/// decode (JPEG, JPEG 2000, fax) count at their stored size.
fn decoded_within_bounds<'a>(
    objects: impl Iterator<Item = &'a Object>,
) -> Result<(), UploadProblem> {
    let mut total = 0usize;
    for object in objects {
        let Object::Stream(stream) = object else {
            continue;
        };
        let left = DECODED_LIMIT.saturating_sub(total);
        let bound = left.min(STREAM_LIMIT);
        let size = match stream.decompressed_content_with_limit(bound) {
            Ok(decoded) => decoded.len(),
            Err(lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. })) => {
                let limit = if bound == STREAM_LIMIT {
                    STREAM_LIMIT
                } else {
                    DECODED_LIMIT
                };
                return Err(UploadProblem::PdfExpands {
                    limit_bytes: limit as u64,
                });
            }
            Err(_) => stream.content.len(),
        };
        total = total.saturating_add(size);
        if total > DECODED_LIMIT {
            return Err(UploadProblem::PdfExpands {
                limit_bytes: DECODED_LIMIT as u64,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A one-page PDF with `extra` catalog entries and `more` objects from 5 on.
    fn pdf(extra: &str, content: &[u8], filter: &str, more: &[&[u8]]) -> Vec<u8> {
        let mut objects: Vec<Vec<u8>> = vec![
            format!("<< /Type /Catalog /Pages 2 0 R {extra} >>").into_bytes(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        ];
        let mut stream = format!("<< {filter} /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(content);
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
        objects.extend(more.iter().map(|m| m.to_vec()));
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (n, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", n + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
        );
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    fn plain(extra: &str) -> Vec<u8> {
        pdf(extra, b"72 72 m 200 200 l S", "", &[])
    }

    fn deflate(bytes: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(bytes).unwrap();
        z.finish().unwrap()
    }

    #[test]
    fn a_plain_and_a_compressed_page_pass() {
        assert_eq!(check(&plain("")), Ok(()));
        let content = deflate(b"72 72 m 200 200 l S");
        assert_eq!(
            check(&pdf("", &content, "/Filter /FlateDecode", &[])),
            Ok(())
        );
    }

    #[test]
    fn what_is_not_a_whole_pdf_is_unreadable() {
        for bytes in [
            b"%PDF-".as_slice(),
            b"%PDF-1.7\n%%EOF\n",
            b"%PDF-1.7\nstartxref\n9\n%%EOF\n",
            b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\nstartxref\n9\n%%EOF\n",
        ] {
            assert_eq!(check(bytes), Err(UploadProblem::PdfUnreadable), "{bytes:?}");
        }
    }

    #[test]
    fn nothing_may_follow_the_last_eof_but_white_space() {
        let good = plain("");
        let mut spaced = good.clone();
        spaced.extend_from_slice(b"\r\n \0\t");
        assert_eq!(ends_at_eof(&spaced), Ok(()));
        let mut html = good.clone();
        html.extend_from_slice(b"<html><script>alert(1)</script></html>");
        assert_eq!(check(&html), Err(UploadProblem::PdfAfterEnd));
        // A page with its own "%%EOF" at the end is still after the PDF's end.
        let mut disguised = good.clone();
        disguised.extend_from_slice(b"<html><script>alert(1)</script></html>\n%%EOF\n");
        assert_eq!(ends_at_eof(&disguised), Err(UploadProblem::PdfAfterEnd));
        assert_eq!(
            ends_at_eof(b"%PDF-1.7\n"),
            Err(UploadProblem::PdfUnreadable)
        );
        assert_eq!(ends_at_eof(b"startxref\n123\n%%EOF"), Ok(()));
        assert_eq!(ends_at_eof(b"startxref 123 %%EOF\n"), Ok(()));
        assert_eq!(
            ends_at_eof(b"startxref\n%%EOF"),
            Err(UploadProblem::PdfAfterEnd)
        );
        assert_eq!(ends_at_eof(b"%%EOF"), Err(UploadProblem::PdfUnreadable));
    }

    #[test]
    fn javascript_anywhere_is_refused() {
        for extra in [
            "/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>",
            "/AA << /WC << /S /JavaScript /JS (x) >> >>",
            "/Names << /JavaScript << /Names [(a) 5 0 R] >> >>",
            // A name spelled with escapes is the same name.
            "/OpenAction << /S /Java#53cript /J#53 (x) >>",
        ] {
            let bytes = pdf(extra, b"", "", &[b"<< /S /GoTo /D [3 0 R /Fit] >>"]);
            assert_eq!(check(&bytes), Err(UploadProblem::PdfJavascript), "{extra}");
        }
    }

    #[test]
    fn launch_embedded_files_rich_media_and_xfa_are_refused() {
        let launch = plain("/OpenAction << /S /Launch /F (cmd.exe) >>");
        assert_eq!(check(&launch), Err(UploadProblem::PdfLaunch));
        let embedded = pdf(
            "/Names << /EmbeddedFiles << /Names [(a.exe) 5 0 R] >> >>",
            b"",
            "",
            &[b"<< /Type /Filespec /F (a.exe) >>"],
        );
        assert_eq!(check(&embedded), Err(UploadProblem::PdfEmbeddedFile));
        let annotation = plain("/X << /Subtype /FileAttachment >>");
        assert_eq!(check(&annotation), Err(UploadProblem::PdfEmbeddedFile));
        let media = plain("/X << /Subtype /RichMedia >>");
        assert_eq!(check(&media), Err(UploadProblem::PdfActiveContent));
        let xfa = plain("/AcroForm << /Fields [] /XFA 5 0 R >>");
        assert_eq!(check(&xfa), Err(UploadProblem::PdfActiveContent));
    }

    #[test]
    fn a_stream_expanding_past_the_bound_is_refused() {
        let bomb = deflate(&vec![0u8; STREAM_LIMIT + 1]);
        assert!(bomb.len() < 200 * 1024, "{}", bomb.len());
        let bytes = pdf("", &bomb, "/Filter /FlateDecode", &[]);
        assert_eq!(
            check(&bytes),
            Err(UploadProblem::PdfExpands {
                limit_bytes: STREAM_LIMIT as u64
            })
        );
    }

    #[test]
    fn an_object_stream_is_unpacked_within_bounds() {
        // Objects 5 and 6 inside an object stream; 6 carries JavaScript.
        let objects = b"<< /S /GoTo >> << /S /JavaScript /JS (x) >>";
        let index = b"5 0 6 15 ";
        let mut content = index.to_vec();
        content.extend_from_slice(objects);
        let mut objstm = format!(
            "<< /Type /ObjStm /N 2 /First {} /Filter /FlateDecode /Length {} >>\nstream\n",
            index.len(),
            deflate(&content).len()
        )
        .into_bytes();
        objstm.extend_from_slice(&deflate(&content));
        objstm.extend_from_slice(b"\nendstream");
        let bytes = pdf("", b"", "", &[&objstm]);
        assert_eq!(check(&bytes), Err(UploadProblem::PdfJavascript));

        // The same offset named for many objects is parsed once.
        let big = format!("({})", "x".repeat(100_000));
        let mut index = String::new();
        for n in 0..5_000 {
            index.push_str(&format!("{} 0 ", n + 10));
        }
        let mut content = index.clone().into_bytes();
        content.extend_from_slice(big.as_bytes());
        let mut aside = Aside::default();
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        dict.set("N", 5_000);
        dict.set("First", index.len() as i64);
        aside.unpack(&Stream::new(dict, content));
        assert_eq!(aside.refused, None);
        assert_eq!(aside.objects.len(), 1);

        // An object stream expanding past its bound is refused.
        let mut aside = Aside::default();
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        dict.set("First", 0);
        aside.unpack(&Stream::new(
            dict,
            deflate(&vec![b' '; OBJECT_STREAMS_LIMIT + 1]),
        ));
        assert!(matches!(
            aside.refused,
            Some(UploadProblem::PdfExpands { .. })
        ));
    }

    #[test]
    fn encrypted_and_many_section_files_are_unsupported() {
        let mut encrypted = plain("");
        let at = encrypted.windows(5).rposition(|w| w == b"/Root").unwrap();
        encrypted.splice(at..at, b"/Encrypt 9 0 R ".iter().copied());
        assert_eq!(check(&encrypted), Err(UploadProblem::PdfUnsupported));
        let many = plain(&"/Prev 1 ".repeat(MAX_SECTIONS + 1));
        assert_eq!(check(&many), Err(UploadProblem::PdfUnsupported));
    }

    #[test]
    fn names_are_read_with_escapes_and_references() {
        let counts =
            NameCounts::of(b"<< /Pr#65v 12 /XRef /En#63rypt 3 0 R /ObjStm /Length 7 0 R >>");
        assert_eq!(
            counts,
            NameCounts {
                sections: 2,
                encrypt: 1,
                object_streams: 1,
                indirect_lengths: 1
            }
        );
        assert_eq!(
            NameCounts::of(b"/Length 12 /Length 3 0 obj").indirect_lengths,
            0
        );
        assert!(is_reference(b" 12 0 R"));
        assert!(is_reference(b"\n1\r\n0\tR"));
        assert!(!is_reference(b" 12 R"));
        assert!(!is_reference(b""));
    }

    #[test]
    fn forbidden_names_are_found_however_deep() {
        let deep = Object::Array(vec![Object::Array(vec![Object::Dictionary(
            Dictionary::from_iter(vec![("A", Object::Name(b"Launch".to_vec()))]),
        )])]);
        assert_eq!(forbidden_in(&deep), Some(UploadProblem::PdfLaunch));
        let harmless = Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Page".to_vec())),
            ("S", Object::Name(b"GoTo".to_vec())),
            (
                "T",
                Object::String(b"JavaScript".to_vec(), lopdf::StringFormat::Literal),
            ),
        ]));
        assert_eq!(forbidden_in(&harmless), None);
    }
}
