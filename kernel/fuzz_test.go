package kernel

import (
	"bytes"
	"encoding/json"
	"testing"
)

var fuzzKey = []byte("fuzz-key")

// splitFrames turns fuzz input into frames separated by 0xFF 0x00; a frame "SIGN" is
// replaced by the valid signature of the next four frames, so the fuzzer reaches the
// JSON decoding.
func splitFrames(data []byte, s *Signer) [][]byte {
	frames := bytes.Split(data, []byte{0xFF, 0x00})
	for i, f := range frames {
		if string(f) == "SIGN" && i+4 < len(frames) {
			frames[i] = s.Sign(frames[i+1], frames[i+2], frames[i+3], frames[i+4])
		}
	}
	return frames
}

func FuzzDecode(f *testing.F) {
	s, _ := NewSigner(fuzzKey, "hmac-sha256")
	sep := "\xff\x00"
	f.Add([]byte("id" + sep + "<IDS|MSG>" + sep + "SIGN" + sep + `{"msg_id":"1","msg_type":"execute_request","session":"s","username":"u","date":"","version":"5.3"}` + sep + "{}" + sep + "{}" + sep + `{"code":"print 1","silent":false}`))
	f.Add([]byte("<IDS|MSG>" + sep + "SIGN" + sep + `{"msg_type":"history_request"}` + sep + "{}" + sep + "{}" + sep + `{"hist_access_type":"search","pattern":"[a-"}` + sep + "buffer"))
	f.Add([]byte("<IDS|MSG>" + sep + "deadbeef" + sep + "{}" + sep + "{}" + sep + "{}" + sep + "{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		frames := splitFrames(data, s)
		m, err := Decode(frames, s)
		if err != nil {
			return
		}
		if m.Header.MsgType == "" {
			t.Fatal("decoded a message without msg_type")
		}
		// Every content type decodes without panicking.
		for _, c := range []any{&ExecuteRequest{}, &HistoryRequest{}, &CompleteRequest{}, &InspectRequest{}, &CommOpen{}, &CommMsg{}, &ShutdownRequest{}, &InputReply{}} {
			_ = json.Unmarshal(m.Content, c)
		}
		var h HistoryRequest
		if json.Unmarshal(m.Content, &h) == nil {
			_ = globRegexp(h.Pattern)
		}
		// Encoding the decoded message gives a message that decodes to the same thing.
		m2, err := Decode(Encode(m, s), s)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if m2.Header != m.Header || !bytes.Equal(m2.Content, m.Content) || !bytes.Equal(m2.ParentHeader, m.ParentHeader) || len(m2.Buffers) != len(m.Buffers) || len(m2.Identities) != len(m.Identities) {
			t.Fatalf("round trip changed the message:\n%+v\n%+v", m, m2)
		}
	})
}

func TestSignerVerify(t *testing.T) {
	s, err := NewSigner([]byte("k"), "hmac-sha256")
	if err != nil {
		t.Fatal(err)
	}
	parts := [][]byte{[]byte("{}"), []byte("{}"), []byte("{}"), []byte(`{"a":1}`)}
	sig := s.Sign(parts...)
	if len(sig) != 64 || !s.Verify(sig, parts...) || !s.Verify(bytes.ToUpper(sig), parts...) {
		t.Fatalf("signature %s does not verify", sig)
	}
	parts[3] = []byte(`{"a":2}`)
	if s.Verify(sig, parts...) {
		t.Fatal("tampered content verified")
	}
	if _, err := NewSigner([]byte("k"), "hmac-md5"); err == nil {
		t.Fatal("hmac-md5 accepted")
	}
}

func TestGlob(t *testing.T) {
	for _, c := range []struct {
		glob, s string
		want    bool
	}{
		{"a*", "abc", true}, {"a*", "ba", false}, {"a?c", "abc", true}, {"[ab]x", "bx", true},
		{"[!ab]x", "bx", false}, {"[!ab]x", "cx", true}, {"ä*", "äb", true}, {"x.y", "xzy", false},
		{"*\n*", "a\nb", true}, {"[", "[", true},
	} {
		if got := globRegexp(c.glob).MatchString(c.s); got != c.want {
			t.Errorf("glob %q on %q = %v", c.glob, c.s, got)
		}
	}
}
