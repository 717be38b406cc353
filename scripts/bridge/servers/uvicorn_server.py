"""The `uvicorn` server for `sim real` / `sim probe`'s checks: a tiny ASGI app under real uvicorn.

Usage: python3 uvicorn_server.py --timeout-keep-alive SECONDS
Binds 127.0.0.1 on an ephemeral port, prints one JSON line {"port": N, "version": "uvicorn …"}
once listening, answers every request 200 with a short body, and exits when stdin closes (its
parent is gone) or on SIGTERM/SIGINT.
"""
import argparse
import asyncio
import json
import socket
import sys
import threading

import uvicorn


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    while True:
        message = await receive()
        if not message.get("more_body", False):
            break
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/plain"), (b"content-length", b"3")]})
    await send({"type": "http.response.body", "body": b"ok\n"})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout-keep-alive", type=float, default=5.0)
    args = parser.parse_args()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    # uvicorn takes whole seconds in its CLI; the Config accepts a float.
    config = uvicorn.Config(app, timeout_keep_alive=args.timeout_keep_alive, log_level="warning",
                            lifespan="off", http="h11")
    server = uvicorn.Server(config)

    def watch_stdin():
        sys.stdin.read()
        server.should_exit = True

    threading.Thread(target=watch_stdin, daemon=True).start()
    print(json.dumps({"port": sock.getsockname()[1], "version": f"uvicorn {uvicorn.__version__}"}), flush=True)
    asyncio.run(server.serve(sockets=[sock]))


if __name__ == "__main__":
    main()
