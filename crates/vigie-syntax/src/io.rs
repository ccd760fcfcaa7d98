//! The binary layout of Vigie's model files: a magic, a format version, then sections written
//! little-endian. A reader that runs short or meets a bad value reports where.

use crate::ModelError;

/// Reads little-endian values from a model file's bytes.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    name: &'a str,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8], name: &'a str) -> Reader<'a> {
        Reader {
            bytes,
            pos: 0,
            name,
        }
    }

    pub fn error(&self, message: &str) -> ModelError {
        ModelError::Corrupt {
            name: self.name.to_string(),
            offset: self.pos,
            message: message.to_string(),
        }
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        match end {
            Some(end) => {
                let s = &self.bytes[self.pos..end];
                self.pos = end;
                Ok(s)
            }
            None => Err(self.error("file ends too early")),
        }
    }

    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let s = self.take(N)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }

    pub fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.array::<4>()?))
    }

    pub fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.array::<1>()?[0])
    }

    pub fn string(&mut self) -> Result<String, ModelError> {
        let n = self.u32()? as usize;
        let s = self.take(n)?;
        std::str::from_utf8(s)
            .map(str::to_string)
            .map_err(|_| self.error("invalid UTF-8 in a string"))
    }

    pub fn strings(&mut self) -> Result<Vec<String>, ModelError> {
        let n = self.u32()? as usize;
        if n > self.bytes.len() {
            return Err(self.error("string count too large"));
        }
        (0..n).map(|_| self.string()).collect()
    }

    pub fn bytes(&mut self) -> Result<&'a [u8], ModelError> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    /// Checks the magic and the format version.
    pub fn header(&mut self, magic: &[u8; 8], version: u32) -> Result<(), ModelError> {
        if &self.array::<8>()? != magic {
            return Err(self.error("not a Vigie model of this kind (bad magic)"));
        }
        let v = self.u32()?;
        if v != version {
            return Err(ModelError::Version {
                name: self.name.to_string(),
                found: v,
                expected: version,
            });
        }
        Ok(())
    }
}

pub fn put_string(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

pub fn put_strings(out: &mut Vec<u8>, v: &[String]) {
    out.extend_from_slice(&(v.len() as u32).to_le_bytes());
    for s in v {
        put_string(out, s);
    }
}

pub fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len() as u32).to_le_bytes());
    out.extend_from_slice(b);
}
