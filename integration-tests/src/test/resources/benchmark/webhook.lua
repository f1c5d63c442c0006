-- wrk script: POSTs one signed Jira webhook body, each request with a delivery id (the
-- X-Atlassian-Webhook-Identifier header) that no other request of the run carries, so the
-- service's de-duplication accepts every request instead of answering duplicates cheaply.
-- Arguments (after --): run label, file holding the body, X-Hub-Signature value.

local threads = 0

-- Runs in wrk's main Lua state, once per thread, before that thread's init.
function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

function init(args)
  local file = assert(io.open(args[2], "rb"))
  body = file:read("*a")
  file:close()
  prefix = args[1] .. "-" .. thread_number .. "-"
  headers = { ["Content-Type"] = "application/json", ["X-Hub-Signature"] = args[3] }
  sent = 0
end

function request()
  sent = sent + 1
  headers["X-Atlassian-Webhook-Identifier"] = prefix .. sent
  return wrk.format("POST", nil, headers, body)
end
