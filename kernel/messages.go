package kernel

import "encoding/json"

// Content types of the messages the kernel receives and sends: one struct per msg_type.

// KernelInfoRequest is the (empty) content of kernel_info_request.
type KernelInfoRequest struct{}

// HelpLink is one entry of kernel_info_reply.help_links.
type HelpLink struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

// LanguageInfo describes the kernel's language.
type LanguageInfo struct {
	Name           string `json:"name"`
	Version        string `json:"version"`
	MIMEType       string `json:"mimetype"`
	FileExtension  string `json:"file_extension"`
	CodemirrorMode string `json:"codemirror_mode"`
	PygmentsLexer  string `json:"pygments_lexer"`
}

// KernelInfoReply is the content of kernel_info_reply.
type KernelInfoReply struct {
	Status                string       `json:"status"`
	ProtocolVersion       string       `json:"protocol_version"`
	Implementation        string       `json:"implementation"`
	ImplementationVersion string       `json:"implementation_version"`
	LanguageInfo          LanguageInfo `json:"language_info"`
	Banner                string       `json:"banner"`
	HelpLinks             []HelpLink   `json:"help_links"`
	Debugger              bool         `json:"debugger"`
}

// ExecuteRequest is the content of execute_request.
type ExecuteRequest struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    *bool             `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      bool              `json:"allow_stdin"`
	StopOnError     *bool             `json:"stop_on_error"`
}

// ExecuteReply is the content of execute_reply. Ename, Evalue and Traceback are set when
// Status is "error".
type ExecuteReply struct {
	Status          string         `json:"status"`
	ExecutionCount  int            `json:"execution_count"`
	UserExpressions map[string]any `json:"user_expressions,omitempty"`
	Payload         []any          `json:"payload"`
	Ename           string         `json:"ename,omitempty"`
	Evalue          string         `json:"evalue,omitempty"`
	Traceback       []string       `json:"traceback,omitempty"`
}

// ExecuteInput is the content of execute_input (iopub).
type ExecuteInput struct {
	Code           string `json:"code"`
	ExecutionCount int    `json:"execution_count"`
}

// ExecuteResult is the content of execute_result (iopub).
type ExecuteResult struct {
	ExecutionCount int            `json:"execution_count"`
	Data           map[string]any `json:"data"`
	Metadata       map[string]any `json:"metadata"`
}

// DisplayData is the content of display_data and update_display_data (iopub).
type DisplayData struct {
	Data      map[string]any `json:"data"`
	Metadata  map[string]any `json:"metadata"`
	Transient map[string]any `json:"transient"`
}

// Stream is the content of stream (iopub).
type Stream struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

// ClearOutput is the content of clear_output (iopub).
type ClearOutput struct {
	Wait bool `json:"wait"`
}

// ErrorContent is the content of error (iopub).
type ErrorContent struct {
	Ename     string   `json:"ename"`
	Evalue    string   `json:"evalue"`
	Traceback []string `json:"traceback"`
}

// Status is the content of status (iopub).
type Status struct {
	ExecutionState string `json:"execution_state"`
}

// IsCompleteRequest is the content of is_complete_request.
type IsCompleteRequest struct {
	Code string `json:"code"`
}

// IsCompleteReply is the content of is_complete_reply.
type IsCompleteReply struct {
	Status string `json:"status"`
	Indent string `json:"indent,omitempty"`
}

// CompleteRequest is the content of complete_request.
type CompleteRequest struct {
	Code      string `json:"code"`
	CursorPos int    `json:"cursor_pos"`
}

// CompleteReply is the content of complete_reply.
type CompleteReply struct {
	Status      string         `json:"status"`
	Matches     []string       `json:"matches"`
	CursorStart int            `json:"cursor_start"`
	CursorEnd   int            `json:"cursor_end"`
	Metadata    map[string]any `json:"metadata"`
}

// InspectRequest is the content of inspect_request.
type InspectRequest struct {
	Code        string `json:"code"`
	CursorPos   int    `json:"cursor_pos"`
	DetailLevel int    `json:"detail_level"`
}

// InspectReply is the content of inspect_reply.
type InspectReply struct {
	Status   string         `json:"status"`
	Found    bool           `json:"found"`
	Data     map[string]any `json:"data"`
	Metadata map[string]any `json:"metadata"`
}

// HistoryRequest is the content of history_request.
type HistoryRequest struct {
	Output         bool   `json:"output"`
	Raw            bool   `json:"raw"`
	HistAccessType string `json:"hist_access_type"`
	Session        int    `json:"session"`
	Start          int    `json:"start"`
	Stop           *int   `json:"stop"`
	N              *int   `json:"n"`
	Pattern        string `json:"pattern"`
	Unique         bool   `json:"unique"`
}

// HistoryReply is the content of history_reply. Each entry is [session, line, input] or,
// with output, [session, line, [input, output]].
type HistoryReply struct {
	Status  string  `json:"status"`
	History [][]any `json:"history"`
}

// CommInfoRequest is the content of comm_info_request.
type CommInfoRequest struct {
	TargetName string `json:"target_name"`
}

// CommInfo describes one open comm in comm_info_reply.
type CommInfo struct {
	TargetName string `json:"target_name"`
}

// CommInfoReply is the content of comm_info_reply.
type CommInfoReply struct {
	Status string              `json:"status"`
	Comms  map[string]CommInfo `json:"comms"`
}

// CommOpen is the content of comm_open (shell or iopub).
type CommOpen struct {
	CommID     string          `json:"comm_id"`
	TargetName string          `json:"target_name"`
	Data       json.RawMessage `json:"data"`
}

// CommMsg is the content of comm_msg (shell or iopub).
type CommMsg struct {
	CommID string          `json:"comm_id"`
	Data   json.RawMessage `json:"data"`
}

// CommClose is the content of comm_close (shell or iopub).
type CommClose struct {
	CommID string          `json:"comm_id"`
	Data   json.RawMessage `json:"data"`
}

// ShutdownRequest is the content of shutdown_request.
type ShutdownRequest struct {
	Restart bool `json:"restart"`
}

// ShutdownReply is the content of shutdown_reply.
type ShutdownReply struct {
	Status  string `json:"status"`
	Restart bool   `json:"restart"`
}

// InterruptRequest is the (empty) content of interrupt_request.
type InterruptRequest struct{}

// InterruptReply is the content of interrupt_reply.
type InterruptReply struct {
	Status string `json:"status"`
}

// InputRequest is the content of input_request (stdin).
type InputRequest struct {
	Prompt   string `json:"prompt"`
	Password bool   `json:"password"`
}

// InputReply is the content of input_reply (stdin).
type InputReply struct {
	Value string `json:"value"`
}

// ErrorReply is the content of a *_reply whose request failed.
type ErrorReply struct {
	Status    string   `json:"status"`
	Ename     string   `json:"ename"`
	Evalue    string   `json:"evalue"`
	Traceback []string `json:"traceback"`
}
