-- wrk script: POST one small WAV per request to /api/v1/jobs (multipart with Content-Length).
-- usage: wrk -s bench/submit.lua http://127.0.0.1:8080 -- <wav file> <pipeline>
local boundary = "wrkbench7d1f"
local body

function init(args)
  local f = assert(io.open(args[1], "rb"))
  local wav = f:read("*a")
  f:close()
  local pipeline = args[2] or "separation"
  body = "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"pipeline\"\r\n\r\n" .. pipeline ..
         "\r\n--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.wav\"\r\n" ..
         "Content-Type: audio/wav\r\n\r\n" .. wav .. "\r\n--" .. boundary .. "--\r\n"
end

function request()
  return wrk.format("POST", "/api/v1/jobs", {["Content-Type"] = "multipart/form-data; boundary=" .. boundary}, body)
end

local statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write("status codes seen by the last thread only; check non-2xx in the summary above\n")
end
