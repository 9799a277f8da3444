//! [`write_json`]: any serde value as JSON text, escaped by
//! [`escape_json`](super::escape_json), indented to a depth.

use super::escape_json;
use serde::ser::{self, Serialize};
use std::io::{self, Write};

/// Every level indented: serde_json's pretty text, for [`write_json`].
pub(crate) const PRETTY: usize = usize::MAX;

/// Writes `value` into `out` as JSON with the characters of
/// [`is_invisible`](crate::invisible::is_invisible) escaped, through a 32 KB buffer: the text is never held
/// whole, and `out` gets large writes rather than one per token. The
/// containers down to `indented` levels deep are laid out as serde_json's
/// pretty text (a member a line, two-space indent), every value inside
/// them on one line with no space: [`PRETTY`] for pretty text throughout;
/// 2 for a document's members and each element of an array member a line
/// each (the IR: half as long and half as slow to write as pretty text at
/// 100,000 entries, and a changed entry is one changed line). No final
/// newline. (For the `ir` and `md` targets alone: it is what brings serde
/// into a build.)
///
/// The text is serde_json's, byte for byte (the tests compare the two on
/// every character and layout), but written by a serializer of its own:
/// serde_json scans each string for its escapes and hands the runs between
/// them to its formatter, which had to scan them again for the invisible
/// characters, half of the IR file's 0.28 s of CPU at 100,000 entries.
/// Here each string is scanned once, by [`escape_json`].
pub(crate) fn write_json<T: Serialize + ?Sized>(
    out: &mut dyn io::Write,
    value: &T,
    indented: usize,
) -> io::Result<()> {
    let mut buffered = io::BufWriter::with_capacity(crate::generate::WRITE_CHUNK, out);
    let mut json = Json {
        out: &mut buffered,
        indented,
        depth: 0,
    };
    value.serialize(&mut json).map_err(|e| e.0)?;
    buffered.flush()
}

/// The serializer of [`write_json`]: serde_json's pretty layout (as its
/// `PrettyFormatter` writes it) for the containers down to `indented`
/// levels deep, its compact layout inside them.
struct Json<'w, W: io::Write> {
    out: &'w mut W,
    /// How many levels of containers are laid out a member a line.
    indented: usize,
    /// How many containers are open.
    depth: usize,
}

/// What stops [`write_json`]: the output's error, or a value JSON cannot
/// hold (a map key that is not a string, number or boolean).
#[derive(Debug)]
pub(crate) struct Error(io::Error);

impl From<io::Error> for Error {
    fn from(error: io::Error) -> Error {
        Error(error)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(message: T) -> Error {
        Error(io::Error::new(
            io::ErrorKind::InvalidData,
            message.to_string(),
        ))
    }
}

impl<W: io::Write> Json<'_, W> {
    /// Opens a container with `open`.
    fn open(&mut self, open: &[u8]) -> Result<(), Error> {
        self.depth += 1;
        Ok(self.out.write_all(open)?)
    }

    /// A member of the innermost open container begins: after its comma,
    /// a new line and the indent if that container is indented.
    fn begin_member(&mut self, first: bool) -> Result<(), Error> {
        if !first {
            self.out.write_all(b",")?;
        }
        if self.depth <= self.indented {
            self.new_line(self.depth)?;
        }
        Ok(())
    }

    /// Between an object's key and its value.
    fn colon(&mut self) -> Result<(), Error> {
        Ok(self.out.write_all(if self.depth <= self.indented {
            b": "
        } else {
            b":"
        })?)
    }

    /// The innermost open container ends with `close`: on a line of its
    /// own if it was indented and not empty.
    fn close(&mut self, empty: bool, close: &[u8]) -> Result<(), Error> {
        self.depth -= 1;
        if !empty && self.depth < self.indented {
            self.new_line(self.depth)?;
        }
        Ok(self.out.write_all(close)?)
    }

    fn new_line(&mut self, depth: usize) -> io::Result<()> {
        const SPACES: &[u8; 64] = &[b' '; 64];
        self.out.write_all(b"\n")?;
        let mut indent = 2 * depth;
        while indent > 0 {
            let step = indent.min(SPACES.len());
            self.out.write_all(&SPACES[..step])?;
            indent -= step;
        }
        Ok(())
    }

    /// A string literal, escaped by [`escape_json`].
    fn string(&mut self, text: &str) -> Result<(), Error> {
        self.out.write_all(b"\"")?;
        escape_json(text, |piece| self.out.write_all(piece.as_bytes()))?;
        Ok(self.out.write_all(b"\"")?)
    }

    /// An integer, as serde_json writes it (with `itoa`).
    fn integer(&mut self, value: impl itoa::Integer) -> Result<(), Error> {
        Ok(self
            .out
            .write_all(itoa::Buffer::new().format(value).as_bytes())?)
    }

    /// A floating-point number, written by serde_json itself (`null` for
    /// one that is not finite).
    fn number(&mut self, value: impl Serialize) -> Result<(), Error> {
        value
            .serialize(&mut serde_json::Serializer::new(&mut *self.out))
            .map_err(|e| Error(io::Error::from(e)))
    }

    /// A member's key: its comma and line as [`Json::begin_member`] says,
    /// the key, the colon.
    fn key(&mut self, first: bool, key: &str) -> Result<(), Error> {
        self.begin_member(first)?;
        self.string(key)?;
        self.colon()
    }

    /// `{"variant":` before a variant's value.
    fn open_variant(&mut self, variant: &str) -> Result<(), Error> {
        self.open(b"{")?;
        self.key(true, variant)
    }
}

/// An open array or object of [`Json`]: whether a member has been written.
struct Compound<'a, 'w, W: io::Write> {
    json: &'a mut Json<'w, W>,
    first: bool,
    /// A variant's object is still to be closed around this container.
    variant: bool,
}

impl<'a, 'w, W: io::Write> Compound<'a, 'w, W> {
    /// Opens an array or object with `open`, inside `{"variant":` if it is
    /// a variant's.
    fn open(json: &'a mut Json<'w, W>, variant: Option<&str>, open: &[u8]) -> Result<Self, Error> {
        if let Some(variant) = variant {
            json.open_variant(variant)?;
        }
        json.open(open)?;
        Ok(Compound {
            json,
            first: true,
            variant: variant.is_some(),
        })
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.json.begin_member(self.first)?;
        self.first = false;
        value.serialize(&mut *self.json)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.json.key(self.first, key)?;
        self.first = false;
        value.serialize(&mut *self.json)
    }

    fn finish(self, close: &[u8]) -> Result<(), Error> {
        self.json.close(self.first, close)?;
        if self.variant {
            self.json.close(false, b"}")?;
        }
        Ok(())
    }
}

impl<'a, 'w, W: io::Write> ser::Serializer for &'a mut Json<'w, W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, 'w, W>;
    type SerializeTuple = Compound<'a, 'w, W>;
    type SerializeTupleStruct = Compound<'a, 'w, W>;
    type SerializeTupleVariant = Compound<'a, 'w, W>;
    type SerializeMap = Compound<'a, 'w, W>;
    type SerializeStruct = Compound<'a, 'w, W>;
    type SerializeStructVariant = Compound<'a, 'w, W>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        Ok(self.out.write_all(if v { b"true" } else { b"false" })?)
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.integer(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.integer(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.integer(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.integer(v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.integer(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.integer(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.integer(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.integer(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.integer(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.integer(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for byte in v {
            seq.serialize_element(byte)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Ok(self.out.write_all(b"null")?)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.open_variant(variant)?;
        value.serialize(&mut *self)?;
        self.close(false, b"}")
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Compound::open(self, None, b"[")
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Compound::open(self, Some(variant), b"[")
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Compound::open(self, None, b"{")
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Compound::open(self, Some(variant), b"{")
    }
}

/// serde's four kinds of array, written alike: an element each, `]`.
macro_rules! arrays {
    ($($kind:ident :: $method:ident),*) => {$(
        impl<W: io::Write> ser::$kind for Compound<'_, '_, W> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }
            fn end(self) -> Result<(), Error> {
                self.finish(b"]")
            }
        }
    )*};
}

arrays!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl<W: io::Write> ser::SerializeMap for Compound<'_, '_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.json.begin_member(self.first)?;
        self.first = false;
        key.serialize(MapKey(&mut *self.json))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.json.colon()?;
        value.serialize(&mut *self.json)
    }
    fn end(self) -> Result<(), Error> {
        self.finish(b"}")
    }
}

/// serde's two kinds of struct, written alike: a member each, `}`.
macro_rules! structs {
    ($($kind:ident),*) => {$(
        impl<W: io::Write> ser::$kind for Compound<'_, '_, W> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), Error> {
                self.finish(b"}")
            }
        }
    )*};
}

structs!(SerializeStruct, SerializeStructVariant);

/// An object's key, as serde_json takes one: a string, or a number, a
/// boolean or a character written as a string; anything else is an error.
struct MapKey<'a, 'w, W: io::Write>(&'a mut Json<'w, W>);

impl<W: io::Write> MapKey<'_, '_, W> {
    /// A number or boolean key, quoted.
    fn quoted(self, value: impl std::fmt::Display) -> Result<(), Error> {
        self.0.string(&value.to_string())
    }
}

fn key_must_be_a_string() -> Error {
    ser::Error::custom("key must be a string")
}

impl<W: io::Write> ser::Serializer for MapKey<'_, '_, W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.0.string(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.0.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.0.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_f32(self, _v: f32) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_f64(self, _v: f64) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}
