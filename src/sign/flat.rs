//! Serializes the custom claims into the outer map, as `#[serde(flatten)]` would, and
//! refuses a top-level name that repeats a registered claim already written.

use core::fmt::Display;
use serde::ser::{self, Error as _, Impossible, Serialize, SerializeMap, Serializer};

/// The serde error of custom claims that repeat a registered claim the
/// [`Claims`](super::Claims) sets.
pub(super) const DUPLICATE_CLAIM: &str =
    "custom claims repeat a registered claim that the Claims also sets";

/// The registered members a `Claims` writes, as a bitmask over these names.
pub(super) const REGISTERED: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

pub(super) struct Flat<'a, M> {
    pub(super) map: &'a mut M,
    pub(super) set: u8,
}

fn check<E: ser::Error>(set: u8, key: &str) -> Result<(), E> {
    if set & bit(key) != 0 {
        Err(E::custom(DUPLICATE_CLAIM))
    } else {
        Ok(())
    }
}

fn not_object<E: ser::Error>() -> E {
    E::custom("custom claims must serialize to a JSON object")
}

/// Scalars are not JSON objects: refused, as `#[serde(flatten)]` refuses them.
macro_rules! refuse {
    ($($name:ident: $t:ty),* $(,)?) => {$(
        fn $name(self, _: $t) -> Result<(), M::Error> {
            Err(not_object())
        }
    )*};
}

impl<'a, M: SerializeMap> Serializer for Flat<'a, M> {
    type Ok = ();
    type Error = M::Error;
    type SerializeSeq = Impossible<(), M::Error>;
    type SerializeTuple = Impossible<(), M::Error>;
    type SerializeTupleStruct = Impossible<(), M::Error>;
    type SerializeTupleVariant = Impossible<(), M::Error>;
    type SerializeMap = FlatMap<'a, M>;
    type SerializeStruct = FlatMap<'a, M>;
    type SerializeStructVariant = Impossible<(), M::Error>;

    refuse!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_char: char,
        serialize_str: &str, serialize_bytes: &[u8],
    );
    fn serialize_none(self) -> Result<(), M::Error> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), M::Error> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), M::Error> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), M::Error> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), M::Error> {
        Err(not_object())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), M::Error> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), M::Error> {
        Err(not_object())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, M::Error> {
        Err(not_object())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, M::Error> {
        Err(not_object())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, M::Error> {
        Err(not_object())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, M::Error> {
        Err(not_object())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, M::Error> {
        Ok(FlatMap {
            map: self.map,
            set: self.set,
        })
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, M::Error> {
        Ok(FlatMap {
            map: self.map,
            set: self.set,
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, M::Error> {
        Err(not_object())
    }
    fn collect_str<T: Display + ?Sized>(self, _: &T) -> Result<(), M::Error> {
        Err(not_object())
    }
}

pub(super) struct FlatMap<'a, M> {
    map: &'a mut M,
    set: u8,
}

impl<M: SerializeMap> ser::SerializeStruct for FlatMap<'_, M> {
    type Ok = ();
    type Error = M::Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), M::Error> {
        check(self.set, key)?;
        self.map.serialize_entry(key, v)
    }
    fn end(self) -> Result<(), M::Error> {
        Ok(())
    }
}

impl<M: SerializeMap> SerializeMap for FlatMap<'_, M> {
    type Ok = ();
    type Error = M::Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), M::Error> {
        // The key is looked at once to check its name (no copy), then written.
        let bit = key
            .serialize(KeyBit)
            .map_err(|_: KeyError| M::Error::custom("claim names must be strings"))?;
        if self.set & bit != 0 {
            return Err(M::Error::custom(DUPLICATE_CLAIM));
        }
        self.map.serialize_key(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), M::Error> {
        self.map.serialize_value(v)
    }
    fn end(self) -> Result<(), M::Error> {
        Ok(())
    }
}

/// The bit of a registered claim name in a mask (0 for any other name).
fn bit(name: &str) -> u8 {
    REGISTERED
        .iter()
        .position(|r| *r == name)
        .map_or(0, |i| 1 << i)
}

/// Reads a map key that is a string (or a char) and gives its [`bit`], without
/// copying it.
struct KeyBit;

#[derive(Debug)]
struct KeyError;
impl Display for KeyError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("not a string key")
    }
}
impl core::error::Error for KeyError {}
impl ser::Error for KeyError {
    fn custom<T: Display>(_: T) -> Self {
        KeyError
    }
}

macro_rules! key_refuse {
    ($($name:ident: $t:ty),* $(,)?) => {$(
        fn $name(self, _: $t) -> Result<u8, KeyError> {
            Err(KeyError)
        }
    )*};
}

impl Serializer for KeyBit {
    type Ok = u8;
    type Error = KeyError;
    type SerializeSeq = Impossible<u8, KeyError>;
    type SerializeTuple = Impossible<u8, KeyError>;
    type SerializeTupleStruct = Impossible<u8, KeyError>;
    type SerializeTupleVariant = Impossible<u8, KeyError>;
    type SerializeMap = Impossible<u8, KeyError>;
    type SerializeStruct = Impossible<u8, KeyError>;
    type SerializeStructVariant = Impossible<u8, KeyError>;

    fn serialize_str(self, v: &str) -> Result<u8, KeyError> {
        Ok(bit(v))
    }
    fn serialize_char(self, v: char) -> Result<u8, KeyError> {
        Ok(bit(v.encode_utf8(&mut [0; 4])))
    }
    key_refuse!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16,
        serialize_i32: i32, serialize_i64: i64, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_f32: f32, serialize_f64: f64,
        serialize_bytes: &[u8]);
    fn serialize_none(self) -> Result<u8, KeyError> {
        Err(KeyError)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<u8, KeyError> {
        Err(KeyError)
    }
    fn serialize_unit(self) -> Result<u8, KeyError> {
        Err(KeyError)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<u8, KeyError> {
        Err(KeyError)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        v: &'static str,
    ) -> Result<u8, KeyError> {
        // serde_json writes a unit variant key as its name.
        Ok(bit(v))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<u8, KeyError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<u8, KeyError> {
        Err(KeyError)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, KeyError> {
        Err(KeyError)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, KeyError> {
        Err(KeyError)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, KeyError> {
        Err(KeyError)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, KeyError> {
        Err(KeyError)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, KeyError> {
        Err(KeyError)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, KeyError> {
        Err(KeyError)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, KeyError> {
        Err(KeyError)
    }
}
