//! The serde side of the parser: `Deserializer` for the parser itself and for values
//! already scanned (member names, numbers), and the `MapAccess`, `SeqAccess` and
//! `EnumAccess` that walk objects, arrays and enums.

use super::parser::unescape_into;
use super::{DeError, EXPECTED_VALUE, ObjectKeys, PResult, Parser, RawStr, syntax};
use crate::error::{Error, ErrorKind};
use alloc::borrow::Cow;
use serde::de::{self, DeserializeSeed, Visitor};

impl<'de> Parser<'de> {
    fn visit_str<V: Visitor<'de>>(&mut self, s: RawStr<'de>, visitor: V) -> PResult<V::Value> {
        if s.is_escaped() {
            let mut buf = core::mem::take(&mut self.scratch);
            buf.clear();
            unescape_into(s.raw, &mut buf);
            let r = visitor.visit_str(&buf);
            self.scratch = buf;
            r
        } else {
            visitor.visit_borrowed_str(s.raw)
        }
    }

    fn visit_number<V: Visitor<'de>>(&mut self, visitor: V) -> PResult<V::Value> {
        let (text, integer) = self.parse_number()?;
        NumberDeserializer { text, integer }.visit(visitor)
    }

    /// Drains what a visitor left of an object, validating it.
    fn finish_object(&mut self, obj: &mut ObjectKeys<'de>, done: bool) -> PResult<()> {
        if !done {
            while self.next_key(obj)?.is_some() {
                self.skip_value()?;
            }
        }
        Ok(())
    }
}

impl<'de> de::Deserializer<'de> for &mut Parser<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        match self.peek() {
            Some(b'"') => {
                let s = self.parse_str()?;
                self.visit_str(s, visitor)
            }
            Some(b'{') => {
                let mut obj = self.begin_object()?;
                let mut map = MapAccess {
                    p: &mut *self,
                    obj: &mut obj,
                    done: false,
                };
                let v = visitor.visit_map(&mut map)?;
                let done = map.done;
                self.finish_object(&mut obj, done)?;
                Ok(v)
            }
            Some(b'[') => {
                self.begin_array()?;
                let mut seq = SeqAccess {
                    p: &mut *self,
                    first: true,
                    done: false,
                };
                let v = visitor.visit_seq(&mut seq)?;
                if !seq.done {
                    return Err(DeError::new(Error::new(
                        ErrorKind::InvalidClaim,
                        "array has more elements than expected",
                    )));
                }
                Ok(v)
            }
            Some(b't') => {
                self.literal(b"true")?;
                visitor.visit_bool(true)
            }
            Some(b'f') => {
                self.literal(b"false")?;
                visitor.visit_bool(false)
            }
            Some(b'n') => {
                self.literal(b"null")?;
                visitor.visit_unit()
            }
            Some(b'-' | b'0'..=b'9') => self.visit_number(visitor),
            _ => Err(syntax(EXPECTED_VALUE)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> PResult<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        if self.peek() == Some(b'"') {
            let s = self.parse_str()?;
            if s.is_escaped() {
                visitor.visit_byte_buf(s.to_cow().into_owned().into_bytes())
            } else {
                visitor.visit_borrowed_bytes(s.raw.as_bytes())
            }
        } else {
            self.deserialize_any(visitor)
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        self.skip_value()?;
        visitor.visit_unit()
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> PResult<V::Value> {
        match self.peek() {
            Some(b'"') => {
                let s = self.parse_str()?;
                visitor.visit_enum(de::value::CowStrDeserializer::<DeError>::new(s.to_cow()))
            }
            Some(b'{') => {
                let mut obj = self.begin_object()?;
                let Some(key) = self.next_key(&mut obj)? else {
                    return Err(DeError::new(Error::new(
                        ErrorKind::InvalidClaim,
                        "expected an enum variant",
                    )));
                };
                let v = visitor.visit_enum(EnumAccess { p: &mut *self, key })?;
                if self.next_key(&mut obj)?.is_some() {
                    return Err(DeError::new(Error::new(
                        ErrorKind::InvalidClaim,
                        "enum object has more than one member",
                    )));
                }
                Ok(v)
            }
            _ => Err(DeError::new(Error::new(
                ErrorKind::InvalidClaim,
                "expected an enum",
            ))),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

struct MapAccess<'a, 'de> {
    p: &'a mut Parser<'de>,
    obj: &'a mut ObjectKeys<'de>,
    done: bool,
}

impl<'de> de::MapAccess<'de> for &mut MapAccess<'_, 'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> PResult<Option<K::Value>> {
        if self.done {
            return Ok(None);
        }
        match self.p.next_key(self.obj)? {
            Some(key) => seed.deserialize(StrDeserializer(key)).map(Some),
            None => {
                self.done = true;
                Ok(None)
            }
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> PResult<S::Value> {
        seed.deserialize(&mut *self.p)
    }
}

struct SeqAccess<'a, 'de> {
    p: &'a mut Parser<'de>,
    first: bool,
    done: bool,
}

impl<'de> de::SeqAccess<'de> for &mut SeqAccess<'_, 'de> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> PResult<Option<T::Value>> {
        if self.done {
            return Ok(None);
        }
        if self.p.next_element(&mut self.first)? {
            seed.deserialize(&mut *self.p).map(Some)
        } else {
            self.done = true;
            Ok(None)
        }
    }
}

/// An already-parsed JSON string (a member name, or a value parsed ahead) handed to a
/// visitor: borrowed when it has no escapes.
pub(crate) struct StrDeserializer<'de>(pub(crate) RawStr<'de>);

impl<'de> de::Deserializer<'de> for StrDeserializer<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        match self.0.to_cow() {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> PResult<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        match self.0.to_cow() {
            Cow::Borrowed(s) => visitor.visit_borrowed_bytes(s.as_bytes()),
            Cow::Owned(s) => visitor.visit_byte_buf(s.into_bytes()),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> PResult<V::Value> {
        visitor.visit_enum(de::value::CowStrDeserializer::<DeError>::new(
            self.0.to_cow(),
        ))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// An already-scanned JSON number handed to a visitor: integers as `u64`/`i64` when they
/// fit (but `-0` as `-0.0`), otherwise `f64`; non-finite results are refused.
pub(crate) struct NumberDeserializer<'de> {
    pub(crate) text: &'de str,
    pub(crate) integer: bool,
}

impl NumberDeserializer<'_> {
    fn visit<'de, V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        let text = self.text;
        if self.integer {
            if text.starts_with('-') {
                // `-0` is the float -0.0, as `serde_json` reads it (found by fuzzing).
                match text.parse::<i64>() {
                    Ok(0) => return visitor.visit_f64(-0.0),
                    Ok(v) => return visitor.visit_i64(v),
                    Err(_) => {}
                }
            } else if let Ok(v) = text.parse::<u64>() {
                return visitor.visit_u64(v);
            }
        }
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => visitor.visit_f64(v),
            _ => Err(DeError::new(Error::new(
                ErrorKind::InvalidClaim,
                "number out of range",
            ))),
        }
    }
}

impl<'de> de::Deserializer<'de> for NumberDeserializer<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        self.visit(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> PResult<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct enum identifier
    }
}

struct EnumAccess<'a, 'de> {
    p: &'a mut Parser<'de>,
    key: RawStr<'de>,
}

impl<'a, 'de> de::EnumAccess<'de> for EnumAccess<'a, 'de> {
    type Error = DeError;
    type Variant = &'a mut Parser<'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> PResult<(V::Value, Self::Variant)> {
        let v = seed.deserialize(StrDeserializer(self.key))?;
        Ok((v, self.p))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Parser<'de> {
    type Error = DeError;

    fn unit_variant(self) -> PResult<()> {
        self.literal(b"null").map_err(|_| {
            DeError::new(Error::new(
                ErrorKind::InvalidClaim,
                "expected null for a unit variant",
            ))
        })
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> PResult<T::Value> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> PResult<V::Value> {
        de::Deserializer::deserialize_any(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> PResult<V::Value> {
        de::Deserializer::deserialize_any(self, visitor)
    }
}
