"""README, "Use it in pytest": a Sendbird group-channel message, and the push it triggers."""


def test_offline_member_gets_a_push(fakepush_client, fakepush):
    def sendbird(method, path, body):
        headers = {"Api-Token": fakepush.sendbird.api_token}
        return fakepush_client.open(path, method=method, json=body, headers=headers).json

    for user_id, nickname in [("alice", "Alice"), ("bob", "Bob")]:
        sendbird("POST", "/v3/users", {"user_id": user_id, "nickname": nickname, "profile_url": ""})
    sendbird("POST", "/v3/users/bob/push/apns", {"apns_device_token": "bobs-iphone"})
    channel = sendbird("POST", "/v3/group_channels", {"user_ids": ["alice", "bob"], "users": []})
    url = channel["channel_url"]

    sendbird(
        "POST",
        f"/v3/group_channels/{url}/messages",
        {"message_type": "MESG", "user_id": "alice", "message": "hi"},
    )

    (push,) = fakepush.sendbird.pushes()  # Bob is offline; Alice sent it
    assert (push["user_id"], push["service"], push["token"]) == ("bob", "APNS", "bobs-iphone")
    assert push["payload"]["aps"] == {"alert": "Alice: hi", "badge": 1, "sound": "default"}
    assert fakepush.sendbird.messages(url)[0]["message"] == "hi"
