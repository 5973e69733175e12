-- Argo CD health check for kubetune.io/FineTuneJob: Healthy when Succeeded, Degraded when Failed (or the spec is
-- invalid), Suspended when suspended, Progressing otherwise. Reads the kstatus conditions, falls back to the phase.
local hs = {}

local function field(value)
  -- cjson turns JSON null into a sentinel; Argo CD turns it into nil: both mean absent.
  if type(value) == "table" or type(value) == "string" or type(value) == "number" or type(value) == "boolean" then
    return value
  end
  return nil
end

local function condition(status, wanted)
  local conditions = field(status.conditions)
  if conditions == nil then
    return nil
  end
  for _, c in ipairs(conditions) do
    if field(c.type) == wanted then
      return c
    end
  end
  return nil
end

local function is_true(c)
  return c ~= nil and field(c.status) == "True"
end

local function describe(c, fallback)
  local reason = field(c.reason)
  local message = field(c.message)
  if reason ~= nil and message ~= nil then
    return reason .. ": " .. message
  end
  return message or reason or fallback
end

local status = field(obj.status)
local spec = field(obj.spec) or {}
local metadata = field(obj.metadata) or {}

if status == nil then
  hs.status = "Progressing"
  hs.message = "waiting for the operator to report status"
  return hs
end

local phase = field(status.phase)
local generation = field(metadata.generation)
local observed = field(status.observedGeneration)
local ready = condition(status, "Ready")
local stalled = condition(status, "Stalled")
local reconciling = condition(status, "Reconciling")
local suspended = condition(status, "Suspended")

if is_true(ready) then
  hs.status = "Healthy"
  hs.message = describe(ready, "the job succeeded")
elseif is_true(stalled) then
  hs.status = "Degraded"
  hs.message = describe(stalled, "the job failed")
elseif generation ~= nil and observed ~= nil and observed < generation then
  hs.status = "Progressing"
  hs.message = "waiting for the operator to observe generation " .. tostring(generation)
elseif field(spec.suspend) == true or phase == "Suspended" or is_true(suspended) then
  hs.status = "Suspended"
  hs.message = is_true(suspended) and describe(suspended, "spec.suspend is true") or "spec.suspend is true"
elseif is_true(reconciling) then
  hs.status = "Progressing"
  hs.message = describe(reconciling, "the job is in progress")
elseif phase == "Succeeded" then
  hs.status = "Healthy"
  hs.message = "the job succeeded"
elseif phase == "Failed" then
  local failed = condition(status, "Failed")
  hs.status = "Degraded"
  hs.message = failed ~= nil and describe(failed, "the job failed") or "the job failed"
else
  local current = phase ~= nil and condition(status, phase) or nil
  hs.status = "Progressing"
  hs.message = is_true(current) and describe(current, phase) or "phase " .. (phase or "not set yet")
end

return hs
