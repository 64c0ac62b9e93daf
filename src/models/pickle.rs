//! A restricted unpickler for the `data.pkl` of a PyTorch checkpoint
//! ([`crate::models::torch_bin`]): it reads the state dict torch.save writes and
//! runs nothing.
//!
//! A Python unpickler imports any global a pickle names and calls it (REDUCE), so
//! unpickling a downloaded pytorch_model.bin can run any code. This one knows only
//! the opcodes torch's state-dict pickles use (protocol 2, plus the few protocol 4
//! adds) and only the globals they name: `collections.OrderedDict`, torch's tensor
//! and parameter rebuild functions and its storage classes. Any other global
//! (`posix.system`, `builtins.eval`...) is an error naming it, before anything is
//! built. The "calls" are data: `_rebuild_tensor_v2(storage, offset, size, stride,
//! ...)` becomes a [`TensorSpec`], the persistent id of a storage a [`Storage`].
//!
//! Work and nesting are bounded (a memo get copies a value: its size is charged to a
//! budget proportional to the pickle's length), so a hostile pickle cannot make it
//! allocate or recurse without limit.
//!
//! The crates we looked at do not fit: serde-pickle has no persistent ids (BINPERSID)
//! and keeps no name for the globals it does not know; candle-core's reader comes with
//! the whole of candle.

use std::collections::HashMap;

use tch::Kind;

use crate::models::error::{PickleError, PickleProblem};

/// Deepest nesting of tuples, lists and dicts accepted (a state dict needs 3 or 4).
const MAX_DEPTH: usize = 32;

/// A Python value of a state-dict pickle.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `None`.
    None,
    /// `True` or `False`.
    Bool(bool),
    /// An integer that fits in 64 bits.
    Int(i64),
    /// A float.
    Float(f64),
    /// A text string.
    Str(String),
    /// A bytes object.
    Bytes(Vec<u8>),
    /// A tuple.
    Tuple(Seq),
    /// A list.
    List(Seq),
    /// A dict or `collections.OrderedDict`, in insertion order (a key set twice
    /// appears twice; the later pair wins).
    Dict(Dict),
    /// One of the allowed globals, not yet called.
    Global(Global),
    /// A storage: the persistent id `('storage', type, key, location, numel)`.
    Storage(Storage),
    /// A tensor over a storage (`_rebuild_tensor_v2`, `_rebuild_parameter`).
    Tensor(TensorSpec),
}

/// The items of a tuple or list, with their nesting depth.
#[derive(Debug, Clone, PartialEq)]
pub struct Seq {
    /// The items in order.
    pub items: Vec<Value>,
    depth: usize,
}

/// The pairs of a dict, with their nesting depth.
#[derive(Debug, Clone, PartialEq)]
pub struct Dict {
    /// (key, value) in insertion order.
    pub pairs: Vec<(Value, Value)>,
    depth: usize,
}

/// The globals a state-dict pickle may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Global {
    /// `collections.OrderedDict`: called with `()` it makes an empty dict.
    OrderedDict,
    /// `torch._utils._rebuild_tensor_v2`.
    RebuildTensorV2,
    /// `torch._utils._rebuild_parameter`.
    RebuildParameter,
    /// `torch._utils._rebuild_parameter_with_state`.
    RebuildParameterWithState,
    /// A typed storage class, `torch.FloatStorage` etc.: only named in persistent ids.
    StorageType(Kind),
}

/// The storage classes read, with their element types.
const STORAGE_TYPES: &[(&str, Kind)] = &[
    ("FloatStorage", Kind::Float),
    ("HalfStorage", Kind::Half),
    ("BFloat16Storage", Kind::BFloat16),
    ("DoubleStorage", Kind::Double),
    ("LongStorage", Kind::Int64),
    ("IntStorage", Kind::Int),
    ("ShortStorage", Kind::Int16),
    ("CharStorage", Kind::Int8),
    ("ByteStorage", Kind::Uint8),
    ("BoolStorage", Kind::Bool),
];

impl Global {
    /// The allowed global `module.name`, or `None`.
    fn allowed(module: &str, name: &str) -> Option<Global> {
        Some(match (module, name) {
            ("collections", "OrderedDict") => Global::OrderedDict,
            ("torch._utils", "_rebuild_tensor_v2") => Global::RebuildTensorV2,
            ("torch._utils", "_rebuild_parameter") => Global::RebuildParameter,
            ("torch._utils", "_rebuild_parameter_with_state") => Global::RebuildParameterWithState,
            ("torch", _) => STORAGE_TYPES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|&(_, k)| Global::StorageType(k))?,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Global::OrderedDict => "collections.OrderedDict",
            Global::RebuildTensorV2 => "torch._utils._rebuild_tensor_v2",
            Global::RebuildParameter => "torch._utils._rebuild_parameter",
            Global::RebuildParameterWithState => "torch._utils._rebuild_parameter_with_state",
            Global::StorageType(_) => "a torch storage class",
        }
    }
}

/// A storage as a persistent id names it: its data is the archive entry `data/<key>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Storage {
    /// The element type, from the storage class.
    pub kind: Kind,
    /// The archive entry's name under `data/`.
    pub key: String,
    /// Its length in elements.
    pub numel: i64,
}

/// A tensor as `_rebuild_tensor_v2` describes it: a strided view of a storage.
#[derive(Debug, Clone, PartialEq)]
pub struct TensorSpec {
    /// The storage holding its elements.
    pub storage: Storage,
    /// Where its first element is, in elements from the storage's start.
    pub offset: i64,
    /// Its shape.
    pub size: Vec<i64>,
    /// Its strides, in elements; as many as `size` has dimensions.
    pub stride: Vec<i64>,
}

impl TensorSpec {
    /// Its number of elements.
    pub fn numel(&self) -> i64 {
        self.size.iter().product()
    }

    /// The elements of the storage it reads, `start..end`; `None` when empty. Checked
    /// at unpickling to lie within the storage.
    pub fn span(&self) -> Option<(i64, i64)> {
        if self.size.contains(&0) {
            return None;
        }
        let last: i64 = self
            .size
            .iter()
            .zip(&self.stride)
            .map(|(n, s)| (n - 1) * s)
            .sum();
        Some((self.offset, self.offset + last + 1))
    }

    /// Checks sizes and strides against the storage; overflow is an error too.
    fn check(&self) -> Result<(), PickleProblem> {
        let bad = || PickleProblem::TensorOutsideStorage {
            size: self.size.clone(),
            stride: self.stride.clone(),
            offset: self.offset,
            numel: self.storage.numel,
        };
        if self.size.len() != self.stride.len()
            || self.offset < 0
            || self.size.iter().chain(&self.stride).any(|&d| d < 0)
        {
            return Err(bad());
        }
        let mut numel: i64 = 1;
        let mut last: i64 = 0;
        for (&n, &s) in self.size.iter().zip(&self.stride) {
            numel = numel.checked_mul(n).ok_or_else(bad)?;
            let reach = n.saturating_sub(1).checked_mul(s).ok_or_else(bad)?;
            last = last.checked_add(reach).ok_or_else(bad)?;
        }
        // An expanded view (stride 0) may have more elements than it reads; never
        // more than its storage holds, so that materializing it stays bounded.
        if numel > 0 {
            let end = self.offset.checked_add(last).ok_or_else(bad)?;
            if end >= self.storage.numel || numel > self.storage.numel {
                return Err(bad());
            }
        }
        Ok(())
    }
}

impl Value {
    /// Its Python type's name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "None",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Bytes(_) => "bytes",
            Value::Tuple(_) => "tuple",
            Value::List(_) => "list",
            Value::Dict(_) => "dict",
            Value::Global(_) => "global",
            Value::Storage(_) => "storage",
            Value::Tensor(_) => "tensor",
        }
    }

    fn depth(&self) -> usize {
        match self {
            Value::Tuple(s) | Value::List(s) => s.depth,
            Value::Dict(d) => d.depth,
            _ => 0,
        }
    }

    /// What copying it costs: values, plus a unit per 64 bytes of text.
    fn cost(&self) -> u64 {
        match self {
            Value::Str(s) => 1 + s.len() as u64 / 64,
            Value::Bytes(b) => 1 + b.len() as u64 / 64,
            Value::Tuple(s) | Value::List(s) => 1 + s.items.iter().map(Value::cost).sum::<u64>(),
            Value::Dict(d) => {
                1 + d
                    .pairs
                    .iter()
                    .map(|(k, v)| k.cost() + v.cost())
                    .sum::<u64>()
            }
            Value::Storage(s) => 1 + s.key.len() as u64 / 64,
            Value::Tensor(t) => 1 + t.size.len() as u64,
            _ => 1,
        }
    }
}

fn seq(items: Vec<Value>) -> Result<Seq, PickleProblem> {
    let depth = 1 + items.iter().map(Value::depth).max().unwrap_or(0);
    if depth > MAX_DEPTH {
        return Err(PickleProblem::TooDeep);
    }
    Ok(Seq { items, depth })
}

fn int(v: &Value, what: &'static str) -> Result<i64, PickleProblem> {
    match v {
        Value::Int(i) => Ok(*i),
        other => Err(PickleProblem::Type {
            what,
            expected: "int",
            found: other.type_name(),
        }),
    }
}

fn ints(v: &Value, what: &'static str) -> Result<Vec<i64>, PickleProblem> {
    match v {
        Value::Tuple(s) => s.items.iter().map(|x| int(x, what)).collect(),
        other => Err(PickleProblem::Type {
            what,
            expected: "tuple",
            found: other.type_name(),
        }),
    }
}

/// The unpickler's state.
struct Machine<'a> {
    data: &'a [u8],
    pos: usize,
    stack: Vec<Value>,
    marks: Vec<Vec<Value>>,
    memo: HashMap<u32, Value>,
    budget: u64,
}

/// Reads the state-dict pickle `data` and returns the value it holds. Nothing is
/// imported or called: see the module doc.
pub fn load(data: &[u8]) -> Result<Value, PickleError> {
    let mut m = Machine {
        data,
        pos: 0,
        stack: Vec::new(),
        marks: Vec::new(),
        memo: HashMap::new(),
        budget: 16 * data.len() as u64 + 1_000_000,
    };
    loop {
        let at = m.pos;
        match m.step() {
            Ok(Some(v)) => return Ok(v),
            Ok(None) => {}
            Err(problem) => {
                return Err(PickleError {
                    offset: at,
                    problem,
                })
            }
        }
    }
}

impl Machine<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], PickleProblem> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.data.len())
            .ok_or(PickleProblem::Truncated)?;
        let s = &self.data[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn byte(&mut self) -> Result<u8, PickleProblem> {
        Ok(self.take(1)?[0])
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], PickleProblem> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn len_u32(&mut self) -> Result<usize, PickleProblem> {
        Ok(u32::from_le_bytes(self.array()?) as usize)
    }

    fn len_u64(&mut self) -> Result<usize, PickleProblem> {
        usize::try_from(u64::from_le_bytes(self.array()?)).map_err(|_| PickleProblem::Truncated)
    }

    /// A newline-terminated line of at most 256 bytes (a GLOBAL's module or name).
    fn line(&mut self) -> Result<String, PickleProblem> {
        let rest = &self.data[self.pos..];
        let n = rest
            .iter()
            .take(257)
            .position(|&b| b == b'\n')
            .ok_or(PickleProblem::Truncated)?;
        let line = std::str::from_utf8(&rest[..n])
            .map_err(|_| PickleProblem::NotUtf8)?
            .to_string();
        self.pos += n + 1;
        Ok(line)
    }

    fn text(&mut self, n: usize) -> Result<Value, PickleProblem> {
        let bytes = self.take(n)?;
        let s = std::str::from_utf8(bytes).map_err(|_| PickleProblem::NotUtf8)?;
        Ok(Value::Str(s.to_string()))
    }

    fn pop(&mut self) -> Result<Value, PickleProblem> {
        self.stack.pop().ok_or(PickleProblem::StackUnderflow)
    }

    fn pop_mark(&mut self) -> Result<Vec<Value>, PickleProblem> {
        let below = self.marks.pop().ok_or(PickleProblem::NoMark)?;
        Ok(std::mem::replace(&mut self.stack, below))
    }

    fn top(&mut self) -> Result<&mut Value, PickleProblem> {
        self.stack.last_mut().ok_or(PickleProblem::StackUnderflow)
    }

    fn push(&mut self, v: Value) -> Result<(), PickleProblem> {
        self.charge(1)?;
        self.stack.push(v);
        Ok(())
    }

    fn charge(&mut self, cost: u64) -> Result<(), PickleProblem> {
        self.budget = self
            .budget
            .checked_sub(cost)
            .ok_or(PickleProblem::TooComplex)?;
        Ok(())
    }

    fn memo_put(&mut self, id: u32) -> Result<(), PickleProblem> {
        let v = self.stack.last().ok_or(PickleProblem::StackUnderflow)?;
        let cost = v.cost();
        let v = v.clone();
        self.charge(cost)?;
        self.memo.insert(id, v);
        Ok(())
    }

    fn memo_get(&mut self, id: u32) -> Result<(), PickleProblem> {
        let v = self.memo.get(&id).ok_or(PickleProblem::MemoMissing(id))?;
        let cost = v.cost();
        let v = v.clone();
        self.charge(cost)?;
        self.stack.push(v);
        Ok(())
    }

    fn global(&mut self, module: &str, name: &str) -> Result<(), PickleProblem> {
        let g = Global::allowed(module, name).ok_or_else(|| PickleProblem::Global {
            global: format!("{module}.{name}"),
        })?;
        self.push(Value::Global(g))
    }

    /// Adds items to the list on top of the stack.
    fn append(&mut self, items: Vec<Value>) -> Result<(), PickleProblem> {
        let depth = 1 + items.iter().map(Value::depth).max().unwrap_or(0);
        match self.top()? {
            Value::List(s) => {
                s.depth = s.depth.max(depth);
                if s.depth > MAX_DEPTH {
                    return Err(PickleProblem::TooDeep);
                }
                s.items.extend(items);
                Ok(())
            }
            other => Err(PickleProblem::Type {
                what: "APPEND",
                expected: "list",
                found: other.type_name(),
            }),
        }
    }

    /// Sets keys of the dict on top of the stack: `items` alternates keys and values.
    fn set_items(&mut self, items: Vec<Value>) -> Result<(), PickleProblem> {
        if items.len() % 2 != 0 {
            return Err(PickleProblem::OddSetItems);
        }
        let depth = 1 + items.iter().map(Value::depth).max().unwrap_or(0);
        match self.top()? {
            Value::Dict(d) => {
                d.depth = d.depth.max(depth);
                if d.depth > MAX_DEPTH {
                    return Err(PickleProblem::TooDeep);
                }
                let mut it = items.into_iter();
                while let (Some(k), Some(v)) = (it.next(), it.next()) {
                    d.pairs.push((k, v));
                }
                Ok(())
            }
            other => Err(PickleProblem::Type {
                what: "SETITEMS",
                expected: "dict",
                found: other.type_name(),
            }),
        }
    }

    /// REDUCE: the allowed globals' meaning, applied to their arguments.
    fn call(&mut self, f: Value, args: Value) -> Result<Value, PickleProblem> {
        let Value::Global(g) = f else {
            return Err(PickleProblem::Type {
                what: "REDUCE",
                expected: "global",
                found: f.type_name(),
            });
        };
        let Value::Tuple(args) = args else {
            return Err(PickleProblem::Type {
                what: "REDUCE",
                expected: "tuple of arguments",
                found: args.type_name(),
            });
        };
        let mut args = args.items;
        let bad = |why: &'static str| PickleProblem::BadCall {
            callable: g.name(),
            why,
        };
        match g {
            Global::OrderedDict if args.is_empty() => Ok(Value::Dict(Dict {
                pairs: Vec::new(),
                depth: 1,
            })),
            Global::OrderedDict => Err(bad("only OrderedDict() is read")),
            Global::RebuildTensorV2 => {
                // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
                if !(6..=7).contains(&args.len()) {
                    return Err(bad("takes 6 or 7 arguments"));
                }
                let stride = ints(&args[3], "stride")?;
                let size = ints(&args[2], "size")?;
                let offset = int(&args[1], "storage offset")?;
                let Value::Storage(storage) = args.swap_remove(0) else {
                    return Err(bad("its first argument is not a storage"));
                };
                let t = TensorSpec {
                    storage,
                    offset,
                    size,
                    stride,
                };
                t.check()?;
                Ok(Value::Tensor(t))
            }
            Global::RebuildParameter | Global::RebuildParameterWithState => {
                // (data, requires_grad, backward_hooks[, state])
                match args.into_iter().next() {
                    Some(t @ Value::Tensor(_)) => Ok(t),
                    _ => Err(bad("its first argument is not a tensor")),
                }
            }
            Global::StorageType(_) => Err(bad("a storage class is not called")),
        }
    }

    /// BINPERSID: `('storage', storage_type, key, location, numel)`.
    fn persistent(&mut self, pid: Value) -> Result<Value, PickleProblem> {
        let bad = || PickleProblem::BadPersistentId;
        let Value::Tuple(t) = pid else {
            return Err(bad());
        };
        match t.items.as_slice() {
            [Value::Str(tag), Value::Global(Global::StorageType(kind)), Value::Str(key), Value::Str(_location), Value::Int(numel)]
                if tag == "storage" && *numel >= 0 =>
            {
                Ok(Value::Storage(Storage {
                    kind: *kind,
                    key: key.clone(),
                    numel: *numel,
                }))
            }
            _ => Err(bad()),
        }
    }

    /// Runs one opcode; the pickle's value at STOP.
    fn step(&mut self) -> Result<Option<Value>, PickleProblem> {
        let op = self.byte()?;
        match op {
            // PROTO
            0x80 => {
                let v = self.byte()?;
                if v > 5 {
                    return Err(PickleProblem::Protocol(v));
                }
            }
            // FRAME: framing is only a hint for buffering.
            0x95 => {
                self.take(8)?;
            }
            // STOP
            b'.' => return self.pop().map(Some),
            // MARK
            b'(' => {
                let above = std::mem::take(&mut self.stack);
                self.marks.push(above);
                if self.marks.len() > 4 * MAX_DEPTH {
                    return Err(PickleProblem::TooDeep);
                }
            }
            // POP, POP_MARK, DUP
            b'0' => {
                self.pop()?;
            }
            b'1' => {
                self.pop_mark()?;
            }
            b'2' => {
                let v = self.stack.last().ok_or(PickleProblem::StackUnderflow)?;
                let (cost, v) = (v.cost(), v.clone());
                self.charge(cost)?;
                self.stack.push(v);
            }
            // BINPUT, LONG_BINPUT, MEMOIZE
            b'q' => {
                let id = self.byte()?;
                self.memo_put(id.into())?;
            }
            b'r' => {
                let id = u32::from_le_bytes(self.array()?);
                self.memo_put(id)?;
            }
            0x94 => {
                let id = u32::try_from(self.memo.len()).map_err(|_| PickleProblem::TooComplex)?;
                self.memo_put(id)?;
            }
            // BINGET, LONG_BINGET
            b'h' => {
                let id = self.byte()?;
                self.memo_get(id.into())?;
            }
            b'j' => {
                let id = u32::from_le_bytes(self.array()?);
                self.memo_get(id)?;
            }
            // NONE, NEWTRUE, NEWFALSE
            b'N' => self.push(Value::None)?,
            0x88 => self.push(Value::Bool(true))?,
            0x89 => self.push(Value::Bool(false))?,
            // BININT, BININT1, BININT2
            b'J' => {
                let v = i32::from_le_bytes(self.array()?);
                self.push(Value::Int(v.into()))?;
            }
            b'K' => {
                let v = self.byte()?;
                self.push(Value::Int(v.into()))?;
            }
            b'M' => {
                let v = u16::from_le_bytes(self.array()?);
                self.push(Value::Int(v.into()))?;
            }
            // LONG1, LONG4: little-endian two's complement of n bytes.
            0x8a | 0x8b => {
                let n = if op == 0x8a {
                    self.byte()? as usize
                } else {
                    self.len_u32()?
                };
                let bytes = self.take(n)?;
                if n > 8 {
                    return Err(PickleProblem::IntTooLarge);
                }
                let negative = bytes.last().is_some_and(|&b| b & 0x80 != 0);
                let mut buf = if negative { [0xffu8; 8] } else { [0u8; 8] };
                buf[..n].copy_from_slice(bytes);
                self.push(Value::Int(i64::from_le_bytes(buf)))?;
            }
            // BINFLOAT: big-endian.
            b'G' => {
                let v = f64::from_be_bytes(self.array()?);
                self.push(Value::Float(v))?;
            }
            // SHORT_BINSTRING, SHORT_BINUNICODE, BINSTRING, BINUNICODE, BINUNICODE8
            b'U' | 0x8c => {
                let n = self.byte()? as usize;
                let v = self.text(n)?;
                self.push(v)?;
            }
            b'T' | b'X' => {
                let n = self.len_u32()?;
                let v = self.text(n)?;
                self.push(v)?;
            }
            0x8d => {
                let n = self.len_u64()?;
                let v = self.text(n)?;
                self.push(v)?;
            }
            // SHORT_BINBYTES, BINBYTES
            b'C' => {
                let n = self.byte()? as usize;
                let v = self.take(n)?.to_vec();
                self.push(Value::Bytes(v))?;
            }
            b'B' => {
                let n = self.len_u32()?;
                let v = self.take(n)?.to_vec();
                self.push(Value::Bytes(v))?;
            }
            // EMPTY_TUPLE, TUPLE1, TUPLE2, TUPLE3, TUPLE
            b')' => self.push(Value::Tuple(seq(Vec::new())?))?,
            0x85..=0x87 => {
                let n = usize::from(op - 0x84);
                if self.stack.len() < n {
                    return Err(PickleProblem::StackUnderflow);
                }
                let items = self.stack.split_off(self.stack.len() - n);
                self.push(Value::Tuple(seq(items)?))?;
            }
            b't' => {
                let items = self.pop_mark()?;
                self.push(Value::Tuple(seq(items)?))?;
            }
            // EMPTY_LIST, APPEND, APPENDS, LIST
            b']' => self.push(Value::List(seq(Vec::new())?))?,
            b'a' => {
                let v = self.pop()?;
                self.append(vec![v])?;
            }
            b'e' => {
                let items = self.pop_mark()?;
                self.append(items)?;
            }
            b'l' => {
                let items = self.pop_mark()?;
                self.push(Value::List(seq(items)?))?;
            }
            // EMPTY_DICT, SETITEM, SETITEMS
            b'}' => self.push(Value::Dict(Dict {
                pairs: Vec::new(),
                depth: 1,
            }))?,
            b's' => {
                let v = self.pop()?;
                let k = self.pop()?;
                self.set_items(vec![k, v])?;
            }
            b'u' => {
                let items = self.pop_mark()?;
                self.set_items(items)?;
            }
            // GLOBAL, STACK_GLOBAL
            b'c' => {
                let module = self.line()?;
                let name = self.line()?;
                self.global(&module, &name)?;
            }
            0x93 => {
                let name = self.pop()?;
                let module = self.pop()?;
                match (module, name) {
                    (Value::Str(module), Value::Str(name)) => self.global(&module, &name)?,
                    _ => return Err(PickleProblem::BadGlobalName),
                }
            }
            // REDUCE
            b'R' => {
                let args = self.pop()?;
                let f = self.pop()?;
                let v = self.call(f, args)?;
                self.push(v)?;
            }
            // BUILD: only the state of a dict (an OrderedDict's `_metadata`), dropped.
            b'b' => {
                self.pop()?;
                match self.top()? {
                    Value::Dict(_) => {}
                    other => {
                        return Err(PickleProblem::Type {
                            what: "BUILD",
                            expected: "dict",
                            found: other.type_name(),
                        })
                    }
                }
            }
            // BINPERSID
            b'Q' => {
                let pid = self.pop()?;
                let v = self.persistent(pid)?;
                self.push(v)?;
            }
            other => return Err(PickleProblem::Opcode(other)),
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `torch.save({"w": torch.arange(6.).view(2, 3)})` with torch 2.4, memo ops kept.
    const STATE_DICT: &[u8] = b"\x80\x02}q\x00X\x01\x00\x00\x00wq\x01ctorch._utils\n_rebuild_tensor_v2\nq\x02((X\x07\x00\x00\x00storageq\x03ctorch\nFloatStorage\nq\x04X\x01\x00\x00\x000q\x05X\x03\x00\x00\x00cpuq\x06K\x06tq\x07QK\x00K\x02K\x03\x86q\x08K\x03K\x01\x86q\t\x89ccollections\nOrderedDict\nq\n)Rq\x0btq\x0cRq\rs.";

    #[test]
    fn reads_a_state_dict_as_torch_writes_it() {
        let v = load(STATE_DICT).unwrap();
        let Value::Dict(d) = v else { panic!("{v:?}") };
        assert_eq!(d.pairs.len(), 1);
        assert_eq!(d.pairs[0].0, Value::Str("w".into()));
        let Value::Tensor(t) = &d.pairs[0].1 else {
            panic!("{:?}", d.pairs[0].1)
        };
        assert_eq!(
            t,
            &TensorSpec {
                storage: Storage {
                    kind: Kind::Float,
                    key: "0".into(),
                    numel: 6
                },
                offset: 0,
                size: vec![2, 3],
                stride: vec![3, 1],
            }
        );
        assert_eq!(t.span(), Some((0, 6)));
    }

    fn problem(data: &[u8]) -> PickleProblem {
        load(data).unwrap_err().problem
    }

    #[test]
    fn refuses_globals_that_a_state_dict_does_not_use() {
        // pickle.dumps of a class whose __reduce__ returns (os.system, ("touch x",)).
        let evil = b"\x80\x02cposix\nsystem\nq\x00X\x07\x00\x00\x00touch xq\x01\x85q\x02Rq\x03.";
        let e = load(evil).unwrap_err();
        assert_eq!(
            e.problem,
            PickleProblem::Global {
                global: "posix.system".into()
            }
        );
        assert_eq!(e.offset, 2);
        assert!(e.to_string().contains("posix.system"), "{e}");
        // Protocol 4's STACK_GLOBAL, and a storage class torch does not have.
        let evil = b"\x80\x04\x8c\x08builtins\x8c\x04eval\x93.";
        assert_eq!(
            problem(evil),
            PickleProblem::Global {
                global: "builtins.eval".into()
            }
        );
        assert!(matches!(
            problem(b"\x80\x02ctorch\nNotAStorage\n."),
            PickleProblem::Global { global } if global == "torch.NotAStorage"
        ));
        // An allowed global called with what it does not take.
        assert!(matches!(
            problem(b"\x80\x02ccollections\nOrderedDict\n]\x85R."),
            PickleProblem::BadCall { .. }
        ));
        assert!(matches!(
            problem(b"\x80\x02ctorch\nFloatStorage\n)R."),
            PickleProblem::BadCall { .. }
        ));
    }

    #[test]
    fn tensors_must_lie_within_their_storage() {
        let tensor = |size: &[u8], numel: u8| {
            let mut p = b"\x80\x02ctorch._utils\n_rebuild_tensor_v2\n((X\x07\x00\x00\x00storagectorch\nFloatStorage\nX\x01\x00\x00\x000X\x03\x00\x00\x00cpuK".to_vec();
            p.push(numel);
            p.extend_from_slice(b"tQK\x00");
            p.extend_from_slice(size);
            p.extend_from_slice(b"K\x03K\x01\x86\x89)tR.");
            p
        };
        // (2, 3) with strides (3, 1) in 6 elements; not in 5.
        assert!(matches!(
            load(&tensor(b"K\x02K\x03\x86", 6)).unwrap(),
            Value::Tensor(_)
        ));
        assert!(matches!(
            problem(&tensor(b"K\x02K\x03\x86", 5)),
            PickleProblem::TensorOutsideStorage { numel: 5, .. }
        ));
        // A huge size overflows rather than wraps.
        assert!(matches!(
            problem(&tensor(
                b"\x8a\x08\xff\xff\xff\xff\xff\xff\xff\x7fK\x03\x86",
                6
            )),
            PickleProblem::TensorOutsideStorage { .. }
        ));
        // A size without a stride for each dimension, a negative size.
        assert!(matches!(
            problem(&tensor(b"K\x02K\x03K\x01\x87", 6)),
            PickleProblem::TensorOutsideStorage { .. }
        ));
        assert!(matches!(
            problem(&tensor(b"\x8a\x01\xffK\x03\x86", 6)),
            PickleProblem::TensorOutsideStorage { .. }
        ));
    }

    #[test]
    fn malformed_and_hostile_pickles_are_errors_not_crashes() {
        // Cut short at every byte: an error each time, never a panic.
        for n in 0..STATE_DICT.len() {
            assert!(load(&STATE_DICT[..n]).is_err(), "prefix of {n} bytes");
        }
        assert_eq!(problem(b"\x80\x02d."), PickleProblem::Opcode(b'd'));
        assert_eq!(problem(b"\x80\x02h\x05."), PickleProblem::MemoMissing(5));
        assert_eq!(problem(b"\x80\x02t."), PickleProblem::NoMark);
        assert_eq!(problem(b"\x80\x02."), PickleProblem::StackUnderflow);
        assert_eq!(
            problem(b"\x80\x02X\xff\xff\xff\xff."),
            PickleProblem::Truncated
        );
        // Nesting a million tuples deep: refused, no stack overflow.
        let mut deep = b"\x80\x02".to_vec();
        deep.extend(std::iter::repeat_n(b')', 1));
        deep.extend(std::iter::repeat_n(0x85u8, 1_000_000));
        deep.push(b'.');
        assert_eq!(problem(&deep), PickleProblem::TooDeep);
        let mut marks = b"\x80\x02".to_vec();
        marks.extend(std::iter::repeat_n(b'(', 1_000_000));
        assert_eq!(problem(&marks), PickleProblem::TooDeep);
        // Doubling a list through the memo 40 times would be 2^40 values.
        let mut doubling = b"\x80\x02]q\x00".to_vec();
        for _ in 0..40 {
            doubling.extend_from_slice(b"h\x00h\x00\x86q\x00");
        }
        doubling.push(b'.');
        assert_eq!(problem(&doubling), PickleProblem::TooComplex);
        let mut wide = b"\x80\x02]q\x00".to_vec();
        for _ in 0..40 {
            wide.extend_from_slice(b"(h\x00h\x00h\x00h\x00lq\x00");
        }
        wide.push(b'.');
        assert_eq!(problem(&wide), PickleProblem::TooComplex);
    }
}
