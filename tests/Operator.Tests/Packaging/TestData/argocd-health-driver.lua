-- Runs an Argo CD health script the way Argo CD does: the resource as the global obj, the script's return value
-- is the health. Usage: lua5.1 argocd-health-driver.lua HEALTH.lua < object.json; prints the health as JSON.
local cjson = require("cjson")
local check = assert(loadfile(arg[1]))
obj = cjson.decode(io.read("*a"))
local hs = check()
io.write(cjson.encode({ status = hs.status, message = hs.message }))
