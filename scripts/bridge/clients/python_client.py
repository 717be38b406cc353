"""The Python clients for `sim real`: httpx-0.23 (httpx), aiohttp-3.10 (aiohttp), requests.

Usage: python3 python_client.py PLAN_JSON — the plan and the output lines are node-client.mjs's:
{"lib":"httpx"|"aiohttp"|"requests","url":…,"method":…,"lanes":[[{"id":1,"gapMs":null,"startMs":0},…]]}
Each lane is a client of its own (an AsyncClient, a ClientSession, a Session in a thread) that
sends its requests in turn, sleeping gapMs after reading the previous response; every request
carries `x-rw-req: ID`. Errors are reported as the library raised them: the class with its
public module path (httpx._exceptions → httpx), the message, and errno when there is one.
"""
import asyncio
import json
import sys
import threading
import time

plan = json.loads(sys.argv[1])
lib = plan["lib"]
lock = threading.Lock()


def now_us():
    return time.time_ns() // 1000


def emit(obj):
    with lock:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()


def report(e):
    if e is None:
        return None
    cls = type(e)
    module = ".".join(p for p in cls.__module__.split(".") if not p.startswith("_"))
    out = {"class": f"{module}.{cls.__qualname__}" if module and module != "builtins" else cls.__qualname__,
           "message": str(e)}
    if getattr(e, "errno", None):
        out["code"] = str(e.errno)
    return out


def line(lane, req, sent, end, prev, ok, status, err):
    emit({"lane": lane, "id": req["id"], "gapMs": req["gapMs"], "sentAtUs": sent, "endAtUs": end,
          "prevEndAtUs": prev, "ok": ok, "status": status, "error": report(err), "reused": None})


async def async_lane(index, lane):
    if lib == "httpx":
        import httpx
        client = httpx.AsyncClient()
    else:
        import aiohttp
        client = aiohttp.ClientSession()
    prev = None
    try:
        for req in lane:
            if req["gapMs"] is None and req.get("startMs"):
                await asyncio.sleep(req["startMs"] / 1000)
            if req["gapMs"] is not None and prev is not None:
                await asyncio.sleep(req["gapMs"] / 1000)
            sent = now_us()
            headers = {"x-rw-req": str(req["id"])}
            try:
                if lib == "httpx":
                    r = await client.request(plan["method"], plan["url"], headers=headers)
                    status = r.status_code
                else:
                    async with client.request(plan["method"], plan["url"], headers=headers) as r:
                        await r.read()
                        status = r.status
                ok, err = True, None
            except Exception as e:  # the library's own exception is the point
                ok, err, status = False, e, None
            end = now_us()
            line(index, req, sent, end, prev, ok, status, err)
            prev = end
    finally:
        if lib == "httpx":
            await client.aclose()
        else:
            await client.close()


def requests_lane(index, lane):
    import requests
    session = requests.Session()
    prev = None
    for req in lane:
        if req["gapMs"] is None and req.get("startMs"):
            time.sleep(req["startMs"] / 1000)
        if req["gapMs"] is not None and prev is not None:
            time.sleep(req["gapMs"] / 1000)
        sent = now_us()
        try:
            r = session.request(plan["method"], plan["url"], headers={"x-rw-req": str(req["id"])})
            ok, err, status = True, None, r.status_code
        except Exception as e:
            ok, err, status = False, e, None
        end = now_us()
        line(index, req, sent, end, prev, ok, status, err)
        prev = end
    session.close()


def version():
    module = __import__(lib)
    return f"{lib} {getattr(module, '__version__', '?')} on Python {sys.version.split()[0]}"


emit({"ready": True, "version": version()})
if lib == "requests":
    threads = [threading.Thread(target=requests_lane, args=(i, lane)) for i, lane in enumerate(plan["lanes"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
else:
    async def main():
        await asyncio.gather(*(async_lane(i, lane) for i, lane in enumerate(plan["lanes"])))
    asyncio.run(main())
