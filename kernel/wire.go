package kernel

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"sync"
	"time"
)

// ProtocolVersion is the Jupyter messaging protocol version the kernel speaks.
const ProtocolVersion = "5.3"

// delimiter separates routing identities from the signed message parts.
var delimiter = []byte("<IDS|MSG>")

// Header is a Jupyter message header.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one Jupyter message. Parent header, metadata and content stay raw JSON until
// a handler knows their type; RawHeader keeps the header exactly as received so replies
// can carry it verbatim as their parent_header.
type Message struct {
	Identities   [][]byte
	Header       Header
	RawHeader    json.RawMessage
	ParentHeader json.RawMessage
	Metadata     json.RawMessage
	Content      json.RawMessage
	Buffers      [][]byte
	received     time.Time // when the kernel read it (for stop_on_error)
	sent         time.Time // when it was sent, estimated on the kernel's clock (abort.go); zero if unknown
	signature    []byte    // as received (for replay detection)
}

// Signer signs and verifies messages with HMAC (SHA-256, SHA-384 or SHA-512). A Signer
// with an empty key signs with an empty signature and accepts only empty signatures.
type Signer struct {
	key  []byte
	size int // digest size in bytes
	pool sync.Pool
}

// hashes are the signature schemes a connection file may name.
var hashes = map[string]func() hash.Hash{
	"hmac-sha256": sha256.New,
	"hmac-sha384": sha512.New384,
	"hmac-sha512": sha512.New,
}

// NewSigner returns a signer for key and scheme ("hmac-sha256", "hmac-sha384",
// "hmac-sha512", or "" with an empty key).
func NewSigner(key []byte, scheme string) (*Signer, error) {
	newHash, ok := hashes[scheme]
	if len(key) > 0 && !ok {
		return nil, fmt.Errorf("kernel: unsupported signature scheme %q (supported: hmac-sha256, hmac-sha384, hmac-sha512)", scheme)
	}
	if !ok {
		newHash = sha256.New
	}
	s := &Signer{key: append([]byte(nil), key...), size: newHash().Size()}
	s.pool.New = func() any { return hmac.New(newHash, s.key) }
	return s, nil
}

// Sign returns the hex signature of the four signed parts.
func (s *Signer) Sign(parts ...[]byte) []byte {
	if len(s.key) == 0 {
		return []byte{}
	}
	h := s.pool.Get().(hash.Hash)
	h.Reset()
	for _, p := range parts {
		h.Write(p)
	}
	var sum [sha512.Size]byte
	out := make([]byte, hex.EncodedLen(s.size))
	hex.Encode(out, h.Sum(sum[:0]))
	s.pool.Put(h)
	return out
}

// Verify reports whether sig is the signature of parts.
func (s *Signer) Verify(sig []byte, parts ...[]byte) bool {
	if len(s.key) == 0 {
		return len(sig) == 0
	}
	return hmac.Equal(bytes.ToLower(sig), s.Sign(parts...))
}

// Decoding errors.
var (
	ErrNoDelimiter  = errors.New("kernel: message has no <IDS|MSG> delimiter")
	ErrShortMessage = errors.New("kernel: message has fewer than 5 parts after the delimiter")
	ErrBadSignature = errors.New("kernel: bad message signature")
)

// Decode parses and verifies the frames of one wire message. It never panics.
func Decode(frames [][]byte, s *Signer) (*Message, error) {
	i := 0
	for i < len(frames) && !bytes.Equal(frames[i], delimiter) {
		i++
	}
	if i == len(frames) {
		return nil, ErrNoDelimiter
	}
	rest := frames[i+1:]
	if len(rest) < 5 {
		return nil, ErrShortMessage
	}
	if !s.Verify(rest[0], rest[1], rest[2], rest[3], rest[4]) {
		return nil, ErrBadSignature
	}
	m := &Message{Identities: frames[:i], signature: rest[0]}
	if err := json.Unmarshal(rest[1], &m.Header); err != nil {
		return nil, fmt.Errorf("kernel: bad header: %w", err)
	}
	if m.Header.MsgType == "" {
		return nil, errors.New("kernel: header has no msg_type")
	}
	for _, p := range []struct {
		raw []byte
		dst *json.RawMessage
		nm  string
	}{{rest[1], &m.RawHeader, "header"}, {rest[2], &m.ParentHeader, "parent_header"}, {rest[3], &m.Metadata, "metadata"}, {rest[4], &m.Content, "content"}} {
		if !isJSONObject(p.raw) {
			return nil, fmt.Errorf("kernel: %s is not a JSON object", p.nm)
		}
		*p.dst = json.RawMessage(p.raw)
	}
	m.Buffers = rest[5:]
	return m, nil
}

// isJSONObject reports whether b is a valid JSON object.
func isJSONObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) >= 2 && b[0] == '{' && json.Valid(b)
}

// Encode returns the signed wire frames of m.
func Encode(m *Message, s *Signer) [][]byte {
	header := []byte(m.RawHeader)
	if len(header) == 0 {
		header, _ = json.Marshal(m.Header)
	}
	parent, meta, content := orEmpty(m.ParentHeader), orEmpty(m.Metadata), orEmpty(m.Content)
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, delimiter, s.Sign(header, parent, meta, content), header, parent, meta, content)
	return append(frames, m.Buffers...)
}

func orEmpty(b json.RawMessage) []byte {
	if len(b) == 0 {
		return []byte("{}")
	}
	return b
}

// NewID returns a random message or session id (32 hex digits).
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// now is the ISO 8601 timestamp used in headers.
func now() string { return time.Now().UTC().Format("2006-01-02T15:04:05.000000-07:00") }

// NewMessage builds a message of msgType in session, replying to parent (may be nil), with
// content marshalled to JSON.
func NewMessage(msgType, session string, parent *Message, content any) (*Message, error) {
	c, err := json.Marshal(content)
	if err != nil {
		return nil, fmt.Errorf("kernel: encoding %s: %w", msgType, err)
	}
	m := &Message{
		Header:   Header{MsgID: NewID(), Session: session, Username: "gotape", Date: now(), MsgType: msgType, Version: ProtocolVersion},
		Metadata: json.RawMessage("{}"),
		Content:  c,
	}
	if parent != nil {
		m.ParentHeader = parent.RawHeader
		m.Identities = parent.Identities
	}
	return m, nil
}
