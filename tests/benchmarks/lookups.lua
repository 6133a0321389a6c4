-- wrk script: distinct point look-ups. Each request takes the next line of LOOKUP_QUERIES (a file of
-- URL-encoded queries, one per line) after the path LOOKUP_PATH ("/sparql?query=", "/query?query=" ...).
-- Each wrk thread starts at a different line, so concurrent clients ask for different resources.
local path = os.getenv("LOOKUP_PATH") or "/sparql?query="
local queries = {}
for line in io.lines(os.getenv("LOOKUP_QUERIES")) do
  queries[#queries + 1] = line
end
local threads = 0
function setup(thread)
  thread:set("start", threads * 997)
  threads = threads + 1
end
local n = 0
local accept = { ["Accept"] = "application/sparql-results+json" }
request = function()
  n = n + 1
  return wrk.format("GET", path .. queries[((n + start) % #queries) + 1], accept)
end
