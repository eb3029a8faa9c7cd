//! A linear pre-scan of a YAML document that refuses nesting and sizes no canon file needs.

use crate::diagnostics::Position;

/// Collections inside collections, block and flow alike. The deepest canon file needs 5
/// (a role's `levels` → level → `components` → list → item under the root mapping).
pub const MAX_DEPTH: usize = 64;

/// List items and mapping entries in one file, as this scan counts them: each `- `, each `key:`
/// and each entry of a `[…]` or `{…}`. A role with 30 levels of 8 lists of 50 lines has 12,000;
/// the largest file of the bundled canon has about 200.
pub const MAX_ENTRIES: usize = 100_000;

/// YAML directives (`%YAML`, `%TAG`) in one file. A canon file needs none; the parser compares
/// each `%TAG` directive with every earlier one, and each tag with every directive.
pub const MAX_DIRECTIVES: usize = 16;

/// Which limit a document went past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Depth,
    Entries,
    Directives,
}

/// Where a document first goes past a limit: for [`Limit::Depth`] the bracket, `-` or key that
/// opens the collection one level too deep; for [`Limit::Entries`] the entry one too many; for
/// [`Limit::Directives`] the directive one too many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    pub limit: Limit,
    pub position: Position,
}

/// Checks that no collection in `source` is nested deeper than [`MAX_DEPTH`] and that it holds
/// at most [`MAX_ENTRIES`] entries and [`MAX_DIRECTIVES`] directives.
///
/// The parser spends time proportional to the current nesting depth on every token, so a file
/// of nothing but `[[[[…` costs time in the square of its size before any limit of the parser
/// stops it; and it keeps every event of a document in memory, a few hundred bytes for each
/// `- x` line. This scan reads the bytes once, following the tokenizer's own rules (quoted
/// strings, comments, block scalars, plain scalars that hold `[` or `{`, indentation), and
/// stops at the first collection nested deeper than the limit or the first entry past it, so
/// no such file reaches the parser. Where a rule of the tokenizer is not modelled exactly, the
/// scan counts more, never less.
pub fn check(source: &str) -> Result<(), Refused> {
    Scanner::new(source.as_bytes()).run()
}

/// Where the document's first node starts (after comments, directives and `---`), which is
/// where the parser places its root collection; line 1, column 1 when there is none.
pub fn first_token(source: &str) -> Position {
    let mut scanner = Scanner::new(source.as_bytes());
    loop {
        scanner.skip_to_token();
        match scanner.byte(0) {
            Some(b'%') if scanner.column == 0 => scanner.skip_line(),
            Some(_) if scanner.column == 0 && scanner.document_marker() => scanner.skip(3),
            Some(_) => {
                return Position {
                    line: scanner.line + 1,
                    column: scanner.column + 1,
                };
            }
            None => return Position { line: 1, column: 1 },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Mapping,
    Sequence,
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// 0-based line and column (in characters) of `pos`, counted as the parser counts them.
    line: usize,
    column: usize,
    /// Open block collections, innermost last, each with the column it is indented to.
    blocks: Vec<(usize, Block)>,
    /// Open flow collections (`[` or `{`).
    flow: usize,
    /// Entries and directives counted so far.
    entries: usize,
    directives: usize,
    /// Line and column of the first token of the current node: a block mapping starts there
    /// when the node turns out to be a key.
    node: Option<(usize, usize)>,
    /// `node` as it was when the outermost flow collection opened, restored when it closes
    /// (`[a, b]: c` is a key).
    block_node: Option<(usize, usize)>,
}

impl<'a> Scanner<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Scanner {
            bytes,
            pos: 0,
            line: 0,
            column: 0,
            blocks: Vec::new(),
            flow: 0,
            entries: 0,
            directives: 0,
            node: None,
            block_node: None,
        }
    }

    fn run(mut self) -> Result<(), Refused> {
        loop {
            self.skip_to_token();
            let Some(byte) = self.byte(0) else {
                return Ok(());
            };
            if self.flow == 0 {
                self.unroll(self.column);
            }
            if self.column == 0 && byte == b'%' {
                self.directive()?;
            } else if self.column == 0 && self.document_marker() {
                self.blocks.clear();
                self.node = None;
                self.skip(3);
            } else {
                self.token(byte)?;
            }
        }
    }

    /// One token, dispatched on its first byte as the tokenizer does.
    fn token(&mut self, byte: u8) -> Result<(), Refused> {
        let flow = self.flow > 0;
        match byte {
            b'[' | b'{' => return self.open_flow(),
            b']' | b'}' => self.close_flow(),
            b',' => {
                self.entry()?;
                self.node = None;
                self.advance();
            }
            b'-' if self.blank_or_end(1) => return self.indicator(Block::Sequence),
            b'?' | b':' if flow => {
                self.node = None;
                self.advance();
            }
            b'?' if self.blank_or_end(1) => return self.indicator(Block::Mapping),
            b':' if self.blank_or_end(1) => return self.value(),
            b'&' | b'*' => {
                self.mark_node();
                self.advance();
                self.skip_while(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            }
            b'!' => {
                self.mark_node();
                self.skip_while(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n') && b != b',');
            }
            b'|' | b'>' if !flow => self.block_scalar(),
            b'\'' | b'"' => {
                self.mark_node();
                self.quoted(byte);
            }
            _ => {
                self.mark_node();
                self.plain();
            }
        }
        Ok(())
    }

    // --- nesting ---------------------------------------------------------------------------

    fn depth(&self) -> usize {
        self.blocks.len() + self.flow
    }

    fn too_deep(line: usize, column: usize) -> Refused {
        Refused {
            limit: Limit::Depth,
            position: Position {
                line: line + 1,
                column: column + 1,
            },
        }
    }

    /// Counts one more entry, starting here.
    fn entry(&mut self) -> Result<(), Refused> {
        self.entries += 1;
        self.within(self.entries, MAX_ENTRIES, Limit::Entries)
    }

    /// Counts a directive (a line starting with `%`) and skips it.
    fn directive(&mut self) -> Result<(), Refused> {
        self.directives += 1;
        self.within(self.directives, MAX_DIRECTIVES, Limit::Directives)?;
        self.skip_line();
        Ok(())
    }

    fn within(&self, count: usize, max: usize, limit: Limit) -> Result<(), Refused> {
        if count <= max {
            return Ok(());
        }
        Err(Refused {
            limit,
            position: Position {
                line: self.line + 1,
                column: self.column + 1,
            },
        })
    }

    fn open_flow(&mut self) -> Result<(), Refused> {
        self.entry()?;
        self.mark_node();
        if self.flow == 0 {
            self.block_node = self.node;
        }
        self.flow += 1;
        if self.depth() > MAX_DEPTH {
            return Err(Self::too_deep(self.line, self.column));
        }
        self.node = None;
        self.advance();
        Ok(())
    }

    fn close_flow(&mut self) {
        self.flow = self.flow.saturating_sub(1);
        if self.flow == 0 {
            self.node = self.block_node;
        }
        self.advance();
    }

    /// Closes the block collections indented deeper than `column`.
    fn unroll(&mut self, column: usize) {
        while self.blocks.last().is_some_and(|(at, _)| *at > column) {
            self.blocks.pop();
        }
    }

    /// A block collection of `kind` at `column`: a sibling entry of the innermost one, or a new
    /// collection nested in it. A sequence may sit at its parent key's own column.
    fn enter_block(&mut self, (line, column): (usize, usize), kind: Block) -> Result<(), Refused> {
        if kind == Block::Mapping {
            while self.blocks.last() == Some(&(column, Block::Sequence)) {
                self.blocks.pop();
            }
        }
        if self.blocks.last() == Some(&(column, kind)) {
            return Ok(());
        }
        self.blocks.push((column, kind));
        if self.depth() > MAX_DEPTH {
            return Err(Self::too_deep(line, column));
        }
        Ok(())
    }

    /// `- ` (a sequence entry) or `? ` (an explicit key) in block context.
    fn indicator(&mut self, kind: Block) -> Result<(), Refused> {
        self.entry()?;
        if self.flow == 0 {
            self.enter_block((self.line, self.column), kind)?;
        }
        self.node = None;
        self.advance();
        Ok(())
    }

    /// `: ` in block context: the node before it was a key, so a mapping starts at its column
    /// (or at the colon's, when the key is not on this line).
    fn value(&mut self) -> Result<(), Refused> {
        let key = match self.node {
            Some((line, column)) if line == self.line => (line, column),
            _ => (self.line, self.column),
        };
        self.enter_block(key, Block::Mapping)?;
        self.entry()?;
        self.node = None;
        self.advance();
        Ok(())
    }

    fn mark_node(&mut self) {
        if self.node.is_none_or(|(line, _)| line != self.line) {
            self.node = Some((self.line, self.column));
        }
    }

    // --- scalars ---------------------------------------------------------------------------

    /// A plain scalar: words up to `: `, ` #`, a flow indicator in flow context, or a line
    /// indented no deeper than its collection (in block context).
    fn plain(&mut self) {
        let indent = self.blocks.last().map_or(0, |(column, _)| column + 1);
        loop {
            if (self.column == 0 && self.document_marker()) || self.byte(0) == Some(b'#') {
                return;
            }
            while !self.blank_or_end(0) {
                if self.ends_plain() {
                    return;
                }
                self.advance();
            }
            let mut crossed_line = false;
            while let Some(byte) = self.byte(0) {
                if byte == b' ' || byte == b'\t' {
                    self.advance();
                } else if self.break_len(0) > 0 {
                    crossed_line = true;
                    self.advance();
                } else {
                    break;
                }
            }
            let dedented = self.flow == 0 && crossed_line && self.column < indent;
            if self.at_end() || dedented {
                return;
            }
        }
    }

    fn ends_plain(&self) -> bool {
        let Some(byte) = self.byte(0) else {
            return true;
        };
        let flow_indicator = |b: Option<u8>| matches!(b, Some(b',' | b'[' | b']' | b'{' | b'}'));
        let in_flow = self.flow > 0;
        (byte == b':' && (self.blank_or_end(1) || (in_flow && flow_indicator(self.byte(1)))))
            || (byte == b':' && in_flow && self.byte(1) == Some(b'?'))
            || (in_flow && flow_indicator(Some(byte)))
    }

    /// A single- or double-quoted scalar, which may span lines.
    fn quoted(&mut self, quote: u8) {
        self.advance();
        while let Some(byte) = self.byte(0) {
            if quote == b'"' && byte == b'\\' {
                self.advance();
                if !self.at_end() {
                    self.advance();
                }
            } else if byte == quote && quote == b'\'' && self.byte(1) == Some(b'\'') {
                self.skip(2);
            } else if byte == quote {
                self.advance();
                return;
            } else {
                self.advance();
            }
        }
    }

    /// A literal (`|`) or folded (`>`) block scalar: its header, then every line indented to at
    /// least its content indentation, whose text is never read as structure.
    fn block_scalar(&mut self) {
        self.mark_node();
        self.advance();
        let mut increment = 0;
        for _ in 0..2 {
            match self.byte(0) {
                Some(b'+' | b'-') => self.advance(),
                Some(digit @ b'1'..=b'9') => {
                    increment = usize::from(digit - b'0');
                    self.advance();
                }
                _ => break,
            }
        }
        self.skip_line();
        if self.break_len(0) > 0 {
            self.advance();
        }
        let parent = self.blocks.last().map(|(column, _)| *column);
        let indent = match (increment, parent) {
            (0, _) => self.detect_indent(parent),
            (increment, Some(parent)) => parent + increment,
            (increment, None) => increment,
        };
        self.block_lines(indent);
    }

    /// The content indentation of a block scalar without an indicator: that of its first
    /// non-empty line (or of a longer blank line before it), and always deeper than `parent`.
    fn detect_indent(&mut self, parent: Option<usize>) -> usize {
        let mut widest = 0;
        loop {
            let spaces = self.spaces();
            widest = widest.max(spaces);
            if self.break_len(spaces) == 0 {
                break;
            }
            self.skip(spaces);
            self.advance();
        }
        widest.max(parent.map_or(0, |p| p + 1)).max(1)
    }

    /// Skips the lines of a block scalar indented to `indent` (and blank lines among them);
    /// stops at the start of the first line that is less indented and not blank.
    fn block_lines(&mut self, indent: usize) {
        while !self.at_end() {
            let spaces = self.spaces();
            let blank = self.break_len(spaces) > 0 || self.pos + spaces == self.bytes.len();
            if spaces < indent && !blank {
                return;
            }
            self.skip_line();
            if self.break_len(0) > 0 {
                self.advance();
            }
        }
    }

    // --- reading ---------------------------------------------------------------------------

    fn byte(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// Length of the line break at `ahead` (CR LF, CR, LF, NEL, LS or PS), or 0.
    fn break_len(&self, ahead: usize) -> usize {
        match (self.byte(ahead), self.byte(ahead + 1), self.byte(ahead + 2)) {
            (Some(b'\r'), Some(b'\n'), _) => 2,
            (Some(b'\r' | b'\n'), _, _) => 1,
            (Some(0xC2), Some(0x85), _) => 2,
            (Some(0xE2), Some(0x80), Some(0xA8 | 0xA9)) => 3,
            _ => 0,
        }
    }

    fn blank_or_end(&self, ahead: usize) -> bool {
        matches!(self.byte(ahead), None | Some(b' ' | b'\t')) || self.break_len(ahead) > 0
    }

    fn document_marker(&self) -> bool {
        let marker = self.bytes.get(self.pos..self.pos + 3);
        matches!(marker, Some(b"---" | b"...")) && self.blank_or_end(3)
    }

    /// Moves past one character or line break.
    fn advance(&mut self) {
        let line_break = self.break_len(0);
        if line_break > 0 {
            self.pos += line_break;
            self.line += 1;
            self.column = 0;
            return;
        }
        let lead = self.bytes[self.pos];
        self.pos += match lead {
            0x00..=0x7F => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        self.column += 1;
    }

    /// Moves past `count` single-byte characters (never a line break).
    fn skip(&mut self, count: usize) {
        self.pos += count;
        self.column += count;
    }

    fn skip_while(&mut self, keep: impl Fn(u8) -> bool) {
        while self.byte(0).is_some_and(&keep) && self.break_len(0) == 0 {
            self.advance();
        }
    }

    /// Moves to the line break that ends the current line (or the end of the text).
    fn skip_line(&mut self) {
        while !self.at_end() && self.break_len(0) == 0 {
            self.advance();
        }
    }

    /// Spaces from here to the first other byte.
    fn spaces(&self) -> usize {
        self.bytes[self.pos..]
            .iter()
            .take_while(|b| **b == b' ')
            .count()
    }

    /// Skips spaces, tabs, line breaks and comments up to the next token.
    fn skip_to_token(&mut self) {
        while let Some(byte) = self.byte(0) {
            match byte {
                b' ' | b'\t' => self.advance(),
                b'#' => self.skip_line(),
                _ if self.break_len(0) > 0 => self.advance(),
                _ => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused_at(source: &str) -> Option<(usize, usize)> {
        check(source).err().map(|error| {
            assert_eq!(error.limit, Limit::Depth);
            (error.position.line, error.position.column)
        })
    }

    /// `key: ` followed by `n` nested flow sequences: the root mapping plus `n` levels.
    fn flow(n: usize) -> String {
        format!("key: {}x{}\n", "[".repeat(n), "]".repeat(n))
    }

    /// `n` block mappings, each indented one more space.
    fn block(n: usize) -> String {
        (0..n)
            .map(|depth| format!("{}a:\n", " ".repeat(depth)))
            .collect()
    }

    #[test]
    fn counts_flow_nesting_and_points_at_the_first_bracket_too_deep() {
        assert_eq!(refused_at(&flow(MAX_DEPTH - 1)), None);
        assert_eq!(refused_at(&flow(MAX_DEPTH)), Some((1, 6 + MAX_DEPTH - 1)));
        let mappings = format!("k: {}x{}\n", "{a: ".repeat(70), "}".repeat(70));
        assert_eq!(refused_at(&mappings), Some((1, 4 + 4 * (MAX_DEPTH - 1))));
    }

    #[test]
    fn counts_block_nesting_by_indentation() {
        assert_eq!(refused_at(&block(MAX_DEPTH)), None);
        assert_eq!(
            refused_at(&block(MAX_DEPTH + 1)),
            Some((MAX_DEPTH + 1, MAX_DEPTH + 1))
        );
        let compact = format!("{}x\n", "- ".repeat(MAX_DEPTH + 1));
        assert_eq!(refused_at(&compact), Some((1, 2 * MAX_DEPTH + 1)));
        let sequences: String = (0..=MAX_DEPTH)
            .map(|depth| format!("{}-\n", "  ".repeat(depth)))
            .collect();
        assert_eq!(
            refused_at(&sequences),
            Some((MAX_DEPTH + 1, 2 * MAX_DEPTH + 1))
        );
    }

    #[test]
    fn a_sequence_at_its_keys_column_is_one_level_deeper() {
        // a: / - b: / - c: … : each key's list sits at the key's own column.
        let mut text = String::new();
        for depth in 0..MAX_DEPTH / 2 + 1 {
            let indent = " ".repeat(2 * depth);
            text.push_str(&format!("{indent}k:\n{indent}- "));
            text.push('\n');
        }
        assert!(refused_at(&text).is_some(), "{text}");
        let siblings = "a:\n- x\n- y\nb:\n- z\nc: w\n".repeat(100);
        assert_eq!(refused_at(&siblings), None);
    }

    #[test]
    fn brackets_inside_plain_scalars_quotes_and_comments_are_text() {
        let deep = "[".repeat(100);
        let texts = [
            format!("name: a{deep}\n"),
            format!("name: a {deep} b {{{{\nnext: x\n"),
            format!("name: '{deep}'\n"),
            format!("name: 'it''s {deep}'\n"),
            format!("name: \"\\\"{deep}\"\n"),
            format!("name: \"line one\n  {deep}\"\n"),
            format!("# {deep}\nname: x # {deep}\n"),
            format!("list: [a, '{deep}', \"{deep}\", b#c] # {deep}\n"),
            format!("name: x#{deep}\n"),
        ];
        for text in texts {
            assert_eq!(refused_at(&text), None, "{text}");
        }
    }

    #[test]
    fn a_bracket_right_after_a_closed_quote_or_a_flow_comma_still_counts() {
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert!(refused_at(&format!("k: 'x' {deep}\n")).is_some());
        assert!(refused_at(&format!("k: [a,{deep}\n")).is_some());
        // In flow context a plain scalar ends at a bracket.
        assert!(refused_at(&format!("k: [a{deep}\n")).is_some());
        assert!(refused_at(&format!("k: [b#{deep}\n")).is_some());
        // A comment ends at any line break the parser knows, LS and PS included.
        assert!(refused_at(&format!("# note\u{2028}k: {deep}\n")).is_some());
        assert!(refused_at(&format!("k:\t{deep}\n")).is_some());
    }

    #[test]
    fn block_scalars_are_opaque_until_their_indentation_ends() {
        let deep = "[".repeat(100);
        let nested = block(MAX_DEPTH + 5);
        let texts = [
            format!("a: |\n  {deep}\n    more\n\n  {deep}\nb: x\n"),
            format!("a: >-\n  x\n{}\nb: x\n", indent_all(&nested, 2)),
            format!("a: |2+\n   {deep}\n  {deep}\nb: x\n"),
            format!("- |\n  {deep}\n- >\n\n\n   {deep}\n"),
            format!("a: | # a comment [[[\n  {deep}\n"),
        ];
        for text in texts {
            assert_eq!(refused_at(&text), None, "{text}");
        }
        // The scalar ends at the first line less indented than its content.
        let after = format!("a: |\n  text\n{}", flow(MAX_DEPTH));
        assert!(refused_at(&after).is_some());
    }

    fn indent_all(text: &str, by: usize) -> String {
        text.lines()
            .map(|line| format!("{}{line}\n", " ".repeat(by)))
            .collect()
    }

    #[test]
    fn continuation_lines_of_a_plain_scalar_add_no_nesting() {
        let mut text = String::from("description: starts here\n");
        for depth in 1..200 {
            text.push_str(&format!("{}and goes on\n", " ".repeat(depth)));
        }
        text.push_str("name: x\n");
        assert_eq!(refused_at(&text), None);
    }

    #[test]
    fn document_markers_close_every_block() {
        let text = format!("{}---\n{}", block(40), block(40));
        assert_eq!(refused_at(&text), None);
        assert_eq!(refused_at(&"---\n".repeat(10_000)), None);
    }

    #[test]
    fn counts_columns_in_characters_and_lines_like_the_parser() {
        let text = format!("é: ü\r\nkey: {}\n", "[".repeat(MAX_DEPTH));
        assert_eq!(refused_at(&text), Some((2, 6 + MAX_DEPTH - 1)));
    }

    #[test]
    fn counts_entries_of_every_kind() {
        // Four entries in each pattern: the limit is reached exactly, then passed.
        let patterns = [
            "- x\n- y\n- z\n- w\n",
            "a: 1\nb: 2\nc: 3\nd: 4\n",
            "- [x, y, z]\n",
            "k: {x: 1, y: 2, z: 3}\n",
            "-\n-\n-\n-\n",
        ];
        for pattern in patterns {
            assert_eq!(check(&pattern.repeat(MAX_ENTRIES / 4)), Ok(()), "{pattern}");
            let over = check(&pattern.repeat(MAX_ENTRIES / 4 + 1)).err();
            assert_eq!(over.map(|e| e.limit), Some(Limit::Entries), "{pattern}");
        }
        let over = check(&"- x\n".repeat(MAX_ENTRIES + 1)).err();
        let at = Position {
            line: MAX_ENTRIES + 1,
            column: 1,
        };
        assert_eq!(over.map(|e| e.position), Some(at));
    }

    #[test]
    fn finds_the_first_token_after_comments_directives_and_markers() {
        let at = |line, column| Position { line, column };
        assert_eq!(first_token("a: b\n"), at(1, 1));
        assert_eq!(first_token("# c\n\n  # d\n  a: b\n"), at(4, 3));
        assert_eq!(first_token("%YAML 1.2\n---\n# c\n&x a: b\n"), at(4, 1));
        assert_eq!(first_token("--- [a]\n"), at(1, 5));
        assert_eq!(first_token("# only a comment\n"), at(1, 1));
    }

    #[test]
    fn counts_directives() {
        let directives = |n: usize| "%TAG !a! tag:a,2000:\n".repeat(n) + "---\na: b\n";
        assert_eq!(check(&directives(MAX_DIRECTIVES)), Ok(()));
        let over = check(&directives(MAX_DIRECTIVES + 1)).err();
        let at = Position {
            line: MAX_DIRECTIVES + 1,
            column: 1,
        };
        assert_eq!(
            over,
            Some(Refused {
                limit: Limit::Directives,
                position: at
            })
        );
    }

    #[test]
    fn keys_that_are_flow_collections_or_anchored_keep_their_column() {
        let text = "[a, b]: x\n&k c: y\n\"d\": z\n!t e: w\n".repeat(50);
        assert_eq!(refused_at(&text), None);
    }
}
